using Google.Protobuf;
using Maimai.Grpc.Transport;
using Maimai.Interop.Testing;
using Microsoft.AspNetCore.Http;

namespace Maimai.Interop.Server;

/// <summary>
/// Serves grpc.testing.TestService as the public interop test descriptions ask: sized payloads, requested statuses,
/// echoed metadata, compression on request, and waits (interval_us) that honour cancellation.
/// </summary>
public sealed class TestServiceHandler(CancellationProbe probe, IHttpContextAccessor http)
{
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";
    private const string Gzip = "gzip";

    private static readonly Empty EmptyResponse = new();

    public Task<Empty> EmptyCall(Empty request, ServerCallContext context) => Task.FromResult(EmptyResponse);

    public async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        EnsureCompressed(request.ExpectCompressed, context);
        if (request.ResponseCompressed is { } compressed)
        {
            // Set before the headers go out: the grpc-encoding header travels with them.
            context.ResponseCompression = compressed.Value ? Gzip : "identity";
        }

        await EchoMetadataAsync(context);
        ThrowIfStatusRequested(request.ResponseStatus);
        return new SimpleResponse { Payload = Zeros(request.ResponseSize) };
    }

    public async Task StreamingOutputCall(
        StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        WatchCancellation(context);
        if (request.ResponseParameters.Any(p => p.Compressed?.Value == true))
        {
            context.ResponseCompression = Gzip;
        }

        await EchoMetadataAsync(context);
        await WriteResponsesAsync(request, responseStream, context);
        ThrowIfStatusRequested(request.ResponseStatus);
    }

    public async Task<StreamingInputCallResponse> StreamingInputCall(
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

    public async Task FullDuplexCall(
        IAsyncStreamReader<StreamingOutputCallRequest> requestStream,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream,
        ServerCallContext context)
    {
        WatchCancellation(context);
        await EchoMetadataAsync(context);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            ThrowIfStatusRequested(requestStream.Current.ResponseStatus);
            await WriteResponsesAsync(requestStream.Current, responseStream, context);
        }
    }

    // Declared in the schema but never implemented by interop servers; the transport binds every rpc, so say so here.
    public Task<Empty> UnimplementedCall(Empty request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "grpc.testing.TestService/UnimplementedCall is not implemented."));

    private static async Task WriteResponsesAsync(
        StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }

            responseStream.WriteOptions = parameters.Compressed?.Value == false ? new WriteOptions(WriteFlags.NoCompress) : null;
            await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) }, context.CancellationToken);
        }
    }

    private static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { EchoInitialKey, initial } });
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

    // The request's grpc-encoding header stands for its messages' compressed flag, which handlers cannot see.
    private void EnsureCompressed(BoolValue? expectCompressed, ServerCallContext context)
    {
        if (expectCompressed?.Value != true)
        {
            return;
        }

        var encoding = http.HttpContext?.Request.Headers["grpc-encoding"].ToString();
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
