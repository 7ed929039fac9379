using Google.Protobuf;
using Grpc.Core;
using Maimai.Interop.Testing;

namespace Maimai.Interop.Server;

/// <summary>
/// Serves grpc.testing.TestService as the public interop test descriptions ask: sized payloads, requested statuses,
/// echoed metadata, compression on request, and waits (interval_us) that honour cancellation. UnimplementedCall keeps
/// the generated base's UNIMPLEMENTED.
/// </summary>
public sealed class InteropTestService(CancellationProbe probe) : TestService.TestServiceBase
{
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";
    // Grpc.AspNetCore's per-call response compression: a response header naming the algorithm (never sent as is).
    private const string CompressionRequest = "grpc-internal-encoding-request";
    private const string Gzip = "gzip";

    /// <summary>
    /// The transport bench's switch (bench/transport/run.sh): StreamingOutputCall writes every message with
    /// WriteFlags.BufferHint, so none is flushed on its own and all go out when the call ends.
    /// </summary>
    public const string BufferHintHeader = "x-bench-buffer-hint";

    private static readonly Empty EmptyResponse = new();
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    private static readonly WriteOptions BufferedUncompressed = new(WriteFlags.BufferHint | WriteFlags.NoCompress);
    private static readonly WriteOptions Uncompressed = new(WriteFlags.NoCompress);

    public override Task<Empty> EmptyCall(Empty request, ServerCallContext context) => Task.FromResult(EmptyResponse);

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        EnsureCompressed(request.ExpectCompressed, context);
        await EchoMetadataAsync(context, compress: request.ResponseCompressed?.Value == true);
        ThrowIfStatusRequested(request.ResponseStatus);
        return new SimpleResponse { Payload = Zeros(request.ResponseSize) };
    }

    public override async Task StreamingOutputCall(
        StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        WatchCancellation(context);
        await EchoMetadataAsync(context, compress: request.ResponseParameters.Any(p => p.Compressed?.Value == true));
        await WriteResponsesAsync(request, responseStream, context, buffered: context.RequestHeaders.GetValue(BufferHintHeader) is not null);
        ThrowIfStatusRequested(request.ResponseStatus);
    }

    public override async Task<StreamingInputCallResponse> StreamingInputCall(
        IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        var total = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            EnsureCompressed(requestStream.Current.ExpectCompressed, context);
            total += requestStream.Current.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public override async Task FullDuplexCall(
        IAsyncStreamReader<StreamingOutputCallRequest> requestStream,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream,
        ServerCallContext context)
    {
        WatchCancellation(context);
        await EchoMetadataAsync(context, compress: false);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            ThrowIfStatusRequested(requestStream.Current.ResponseStatus);
            await WriteResponsesAsync(requestStream.Current, responseStream, context, buffered: false);
        }
    }

    private static async Task WriteResponsesAsync(
        StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context, bool buffered)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }

            responseStream.WriteOptions = (parameters.Compressed?.Value == false, buffered) switch
            {
                (true, true) => BufferedUncompressed,
                (true, false) => Uncompressed,
                (false, true) => Buffered,
                _ => null,
            };
            await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) }, context.CancellationToken);
        }
    }

    internal static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };

    // Response headers go out once: the echoed initial metadata and the compression request travel together.
    private static async Task EchoMetadataAsync(ServerCallContext context, bool compress)
    {
        var headers = new Metadata();
        if (compress)
        {
            headers.Add(CompressionRequest, Gzip);
        }

        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            headers.Add(EchoInitialKey, initial);
        }

        if (headers.Count > 0)
        {
            await context.WriteResponseHeadersAsync(headers);
        }

        if (context.RequestHeaders.GetValueBytes(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing);
        }
    }

    private static void ThrowIfStatusRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    // The request's grpc-encoding header stands for its messages' compressed flag, which services cannot see.
    private static void EnsureCompressed(BoolValue? expectCompressed, ServerCallContext context)
    {
        if (expectCompressed?.Value != true)
        {
            return;
        }

        var encoding = context.GetHttpContext().Request.Headers["grpc-encoding"].ToString();
        if (string.IsNullOrEmpty(encoding) || encoding == "identity")
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Expected a compressed request to {context.Method}."));
        }
    }

    private void WatchCancellation(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue(CancellationProbe.CallIdHeader) is { } callId)
        {
            probe.Watch(callId, context.CancellationToken);
        }
    }
}
