using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>Headers, status, cancellation and the deadline of a call.</summary>
internal sealed partial class HttpServerCallContext
{
    // Timers cannot wait longer than about 49 days; a longer grpc-timeout is as good as none.
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(49);

    /// <summary>Turns what ended the handler into the status to send, logging it at the right level.</summary>
    public Status ResolveFailure(Exception exception)
    {
        if (_deadlineFired)
        {
            return GrpcProtocolConstants.DeadlineExceeded;
        }

        if (exception is not RpcException && _method.Options.MapException?.Invoke(exception) is { } mapped)
        {
            GrpcLog.HandlerFailureMapped(_method.Logger, _method.FullName, mapped.StatusCode, mapped.Status.Detail, exception);
            foreach (var entry in mapped.Trailers)
            {
                ResponseTrailers.Add(entry);
            }

            return mapped.Status;
        }

        if (exception is RpcException rpc)
        {
            foreach (var entry in rpc.Trailers)
            {
                ResponseTrailers.Add(entry);
            }

            GrpcLog.RpcError(_method.Logger, _method.FullName, rpc.StatusCode, rpc.Status.Detail);
            return rpc.Status;
        }

        if (_http.RequestAborted.IsCancellationRequested)
        {
            GrpcLog.ClientCancelled(_method.Logger, _method.FullName);
            return GrpcProtocolConstants.ClientCancelled;
        }

        if (exception is OperationCanceledException && _method.Tracker.DrainExpired.IsCancellationRequested)
        {
            GrpcLog.DrainTimedOut(_method.Logger, _method.FullName);
            return GrpcProtocolConstants.ServerCancelled;
        }

        GrpcLog.HandlerFailed(_method.Logger, _method.FullName, exception);
        return _method.Options.EnableDetailedErrors
            ? new Status(StatusCode.Unknown, $"{GrpcProtocolConstants.HandlerFailed.Detail} {exception.GetType().Name}: {exception.Message}")
            : GrpcProtocolConstants.HandlerFailed;
    }

    /// <summary>Content type, accepted encodings and CORS headers: sent on every gRPC response.</summary>
    public void WriteCommonHeaders() => GrpcContentType.WriteResponseHeaders(_http.Response, _kind);

    // Decides response compression once, before the first message (doc/compression.md: only what the client accepts).
    private void PrepareHeaders()
    {
        var algorithm = ResponseCompression ?? _method.Options.ResponseCompressionAlgorithm;
        if (algorithm == GrpcProtocolConstants.GzipEncoding &&
            MessageCompression.Accepts(_http.Request.Headers[GrpcProtocolConstants.AcceptEncodingHeader].ToString(), GrpcProtocolConstants.GzipEncoding))
        {
            _responseGzip = _method.Options.ResponseCompressionLevel;
            _http.Response.Headers[GrpcProtocolConstants.EncodingHeader] = GrpcProtocolConstants.GzipEncodingValue;
        }
    }

    private void WriteStatus(Status status)
    {
        var response = _http.Response;
        if (!_headersSent)
        {
            // Trailers-Only: the status rides in the only HEADERS frame, which ends the stream (PROTOCOL-HTTP2.md#responses).
            var headers = response.Headers;
            headers[GrpcProtocolConstants.StatusTrailer] = StatusValue(status.StatusCode);
            if (!string.IsNullOrEmpty(status.Detail))
            {
                headers[GrpcProtocolConstants.MessageTrailer] = PercentEncoding.Encode(status.Detail);
            }

            if (_responseTrailers is not null)
            {
                MetadataCodec.WriteHeaders(headers, _responseTrailers);
            }

            return;
        }

        if (_kind != GrpcRequestKind.Grpc)
        {
            ResponseFraming.WriteWebTrailers(BodyWriter, status, _responseTrailers);
            return;
        }

        response.AppendTrailer(GrpcProtocolConstants.StatusTrailer, StatusValue(status.StatusCode));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.AppendTrailer(GrpcProtocolConstants.MessageTrailer, PercentEncoding.Encode(status.Detail));
        }

        if (_responseTrailers is not null)
        {
            foreach (var entry in _responseTrailers)
            {
                response.AppendTrailer(entry.Key, entry.IsBinary ? MetadataCodec.EncodeBase64Unpadded(entry.ValueBytes) : entry.Value);
            }
        }
    }

    private static Microsoft.Extensions.Primitives.StringValues StatusValue(StatusCode code) =>
        (uint)code < (uint)GrpcProtocolConstants.StatusValues.Length
            ? GrpcProtocolConstants.StatusValues[(int)code]
            : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private ValueTask<System.IO.Pipelines.FlushResult> FlushAsync(CancellationToken cancellationToken)
    {
        var body = _http.Response.BodyWriter;
        if (_textBuffer is not null)
        {
            // Each flush is its own padded base64 segment (PROTOCOL-WEB.md, text-encoded streams).
            GrpcWebText.Encode(_textBuffer.WrittenSpan, body);
            _textBuffer.Clear();
        }

        return body.FlushAsync(cancellationToken);
    }

    private Metadata ReadRequestHeaders() =>
        MetadataCodec.TryReadRequestHeaders(_http.Request.Headers, out var metadata) ? metadata : throw new RpcException(GrpcProtocolConstants.BadMetadata);

    private CancellationTokenSource CreateCancellation()
    {
        var cts = new CancellationTokenSource();
        _cts = cts;
        _abortRegistration = _http.RequestAborted.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cts);
        _drainRegistration = _method.Tracker.DrainExpired.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cts);
        return cts;
    }

    private void StartDeadline(TimeSpan timeout)
    {
        if (timeout > MaxTimerDue)
        {
            return;
        }

        _deadline = DateTime.UtcNow + timeout;
        _writeLock = new SemaphoreSlim(1, 1);
        CreateCancellation();
        _deadlineTimer = TimeProvider.System.CreateTimer(
            static s => _ = ((HttpServerCallContext)s!).DeadlineExceededAsync(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    // PROTOCOL-HTTP2.md: past the deadline the server ends the call with DEADLINE_EXCEEDED and resets the stream;
    // the handler's token is cancelled first so a write blocked on the client lets go of the lock.
    private async Task DeadlineExceededAsync()
    {
        _deadlineFired = true;
        GrpcLog.DeadlineExceeded(_method.Logger, _method.FullName);
        try
        {
            await _cts!.CancelAsync();
            await _writeLock!.WaitAsync();
        }
        catch (ObjectDisposedException)
        {
            return; // the call already ended
        }

        try
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            if (_http.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            WriteStatus(GrpcProtocolConstants.DeadlineExceeded);
            if (_textBuffer is not null)
            {
                await FlushAsync(_http.RequestAborted);
            }

            await _http.Response.CompleteAsync();
            _http.Features.Get<IHttpResetFeature>()?.Reset(GrpcProtocolConstants.Http2NoError);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            GrpcLog.ResetFailed(_method.Logger, _method.FullName, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
