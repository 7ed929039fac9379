using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Transport;

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

/// <summary>The test service's handler. Its rpcs are instance methods because the transport binds instance methods.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Bound by the transport as instance methods.")]
public sealed class EchoHandler(EchoProbes probes)
{
    public async Task<EchoReply> Unary(EchoRequest request, ServerCallContext context)
    {
        if (request.CompressResponse)
        {
            context.ResponseCompression = "gzip";
        }

        if (request.SendHeaders)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "x-initial", "hello" } });
        }

        foreach (var entry in context.RequestHeaders)
        {
            if (entry.Key.StartsWith("x-echo-", StringComparison.Ordinal))
            {
                context.ResponseTrailers.Add(entry);
            }
        }

        // "deadline" asks for the call's deadline, to check grpc-timeout parsing end to end.
        var message = request.Message == "deadline"
            ? context.Deadline.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : request.Message;
        return new EchoReply { Message = message };
    }

    public async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        if (request.CompressResponse)
        {
            context.ResponseCompression = "gzip";
        }

        for (var i = 0; i < Math.Min(request.Count, 50); i++)
        {
            await responseStream.WriteAsync(new EchoReply { Message = request.Message, Index = i });
        }
    }

    public async Task Bidi(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        var index = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            await responseStream.WriteAsync(new EchoReply { Message = requestStream.Current.Message, Index = index++ });
        }
    }

    public async Task<EchoReply> Collect(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var parts = new List<string>();
        while (await requestStream.MoveNext(CancellationToken.None))
        {
            parts.Add(requestStream.Current.Message);
        }

        return new EchoReply { Message = string.Join(",", parts), Index = parts.Count };
    }

    public Task<EchoReply> Fail(FailRequest request, ServerCallContext context)
    {
        if (request.ThrowPlain)
        {
            throw new InvalidOperationException("secret internal detail");
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

    public async Task<EchoReply> Wait(EchoRequest request, ServerCallContext context)
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

    public async Task Stall(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
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

    public async Task<EchoReply> Abandon(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(CancellationToken.None))
        {
            return new EchoReply();
        }

        var first = requestStream.Current.Message;
        // Deliberately not awaited: the transport must end this read before the request ends.
        _ = requestStream.MoveNext(CancellationToken.None);
        return new EchoReply { Message = first };
    }
}
