using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Maimai.Grpc.Tests.Echo;

namespace Maimai.Grpc.Tests.TestHost;

/// <summary>Sync points for calls that wait: a test awaits Started, then triggers cancellation, then awaits Cancelled.</summary>
public sealed class EchoProbes
{
    private readonly ConcurrentDictionary<string, Probe> _probes = new();

    public Probe Get(string name) => _probes.GetOrAdd(name, _ => new Probe());

    public sealed class Probe
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When set, the call returns normally once this completes instead of waiting for cancellation.</summary>
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The test service, on the base Grpc.Tools generates from echo.proto.</summary>
public sealed class EchoService(EchoProbes probes) : Echo.EchoService.EchoServiceBase
{
    // Grpc.AspNetCore's per-call response compression: this response header names the algorithm (never sent as is).
    private const string CompressionRequest = "grpc-internal-encoding-request";

    public override async Task<EchoReply> Unary(EchoRequest request, ServerCallContext context)
    {
        var headers = new Metadata();
        if (request.CompressResponse)
        {
            headers.Add(CompressionRequest, "gzip");
        }

        if (request.SendHeaders)
        {
            headers.Add("x-initial", "hello");
        }

        if (headers.Count > 0)
        {
            await context.WriteResponseHeadersAsync(headers);
        }

        EchoMetadata(context);

        // "deadline" asks for the call's deadline, to check grpc-timeout parsing end to end.
        var message = request.Message == "deadline"
            ? context.Deadline.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : request.Message;
        return new EchoReply { Message = message };
    }

    // Copies x-echo-* request headers into the trailers. Read from the HTTP request, not context.RequestHeaders, which
    // throws on a "-bin" value that is not base64: such a value is skipped here.
    private static void EchoMetadata(ServerCallContext context)
    {
        foreach (var (key, values) in context.GetHttpContext().Request.Headers)
        {
            if (!key.StartsWith("x-echo-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = values.ToString();
            if (!key.EndsWith("-bin", StringComparison.OrdinalIgnoreCase))
            {
                context.ResponseTrailers.Add(key, value);
            }
            else if (TryBase64(value, out var bytes))
            {
                context.ResponseTrailers.Add(key, bytes);
            }
        }
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        bytes = new byte[padded.Length];
        if (Convert.TryFromBase64String(padded, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }

    public override async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        if (request.CompressResponse)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { CompressionRequest, "gzip" } });
        }

        for (var i = 0; i < Math.Min(request.Count, 50); i++)
        {
            await responseStream.WriteAsync(new EchoReply { Message = request.Message, Index = i });
        }
    }

    public override async Task Bidi(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        var index = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            await responseStream.WriteAsync(new EchoReply { Message = requestStream.Current.Message, Index = index++ });
        }
    }

    public override async Task<EchoReply> Collect(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var parts = new List<string>();
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            parts.Add(requestStream.Current.Message);
        }

        return new EchoReply { Message = string.Join(",", parts), Index = parts.Count };
    }

    public override Task<EchoReply> Fail(FailRequest request, ServerCallContext context)
    {
        if (request.ThrowPlain)
        {
            throw new InvalidOperationException("secret internal detail");
        }

        if (request.ThrowMapped)
        {
            throw new TimeoutException("secret mapped detail");
        }

        if (request.ThrowCancelled)
        {
            throw new OperationCanceledException("secret cancel detail");
        }

        if (request.WithDetails)
        {
            var status = new Google.Rpc.Status { Code = request.Code, Message = request.Message };
            status.Details.Add(Any.Pack(new Google.Rpc.RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(42)) }));
            throw status.ToRpcException();
        }

        var trailers = new Metadata { { "x-reason", "test" }, { "x-raw-bin", new byte[] { 1, 2, 3 } } };
        throw new RpcException(new Status((StatusCode)request.Code, request.Message), trailers);
    }

    public override async Task<EchoReply> Wait(EchoRequest request, ServerCallContext context)
    {
        var probe = probes.Get(request.Message);
        probe.Started.TrySetResult();
        try
        {
            await probe.Release.Task.WaitAsync(context.CancellationToken);
            return new EchoReply { Message = "released" };
        }
        catch (OperationCanceledException)
        {
            probe.Cancelled.TrySetResult();
            throw;
        }
    }

    public override async Task Stall(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        var probe = probes.Get(request.Message);
        await responseStream.WriteAsync(new EchoReply { Message = "first" });
        probe.Started.TrySetResult();
        await probe.Release.Task;
        try
        {
            await responseStream.WriteAsync(new EchoReply { Message = "too late" });
        }
        catch (InvalidOperationException)
        {
            probe.Cancelled.TrySetResult();
            throw;
        }
    }
}
