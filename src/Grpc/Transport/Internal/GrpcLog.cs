using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>Transport log events; ids and names are stable so operators can filter on them.</summary>
internal static partial class GrpcLog
{
    [LoggerMessage(1, LogLevel.Information, "Request content-type '{ContentType}' is not a gRPC content type.", EventName = "UnsupportedContentType")]
    public static partial void UnsupportedContentType(ILogger logger, string? contentType);

    [LoggerMessage(2, LogLevel.Information, "Native gRPC over {Protocol} is not supported: HTTP/2 is required.", EventName = "UnsupportedProtocol")]
    public static partial void UnsupportedProtocol(ILogger logger, string protocol);

    // 20: clear of the ids above, which other work may extend.
    [LoggerMessage(20, LogLevel.Warning, "The handler of {Method} failed; answered {StatusCode}: {Detail}", EventName = "HandlerFailureMapped")]
    public static partial void HandlerFailureMapped(ILogger logger, string method, StatusCode statusCode, string detail, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "Call {Method} was rejected with {StatusCode}: {Detail}", EventName = "CallRejected")]
    public static partial void CallRejected(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(4, LogLevel.Information, "Call {Method} ended with {StatusCode}: {Detail}", EventName = "RpcError")]
    public static partial void RpcError(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(5, LogLevel.Error, "The handler of {Method} threw an exception.", EventName = "HandlerFailed")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Call {Method} was cancelled by the client.", EventName = "ClientCancelled")]
    public static partial void ClientCancelled(ILogger logger, string method);

    [LoggerMessage(7, LogLevel.Information, "Call {Method} exceeded its deadline.", EventName = "DeadlineExceeded")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(8, LogLevel.Information, "Call {Method} refused: the server is shutting down.", EventName = "ShuttingDown")]
    public static partial void ShuttingDown(ILogger logger, string method);

    [LoggerMessage(9, LogLevel.Information, "Call {Method} was cancelled: the shutdown drain timeout passed.", EventName = "DrainTimedOut")]
    public static partial void DrainTimedOut(ILogger logger, string method);

    [LoggerMessage(10, LogLevel.Information, "Call to unknown {Method}: {Detail}", EventName = "Unimplemented")]
    public static partial void Unimplemented(ILogger logger, string method, string detail);

    [LoggerMessage(11, LogLevel.Debug, "Could not reset the stream of {Method} after its deadline.", EventName = "ResetFailed")]
    public static partial void ResetFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(12, LogLevel.Information, "Waiting for {Count} call(s) in flight to finish before shutdown.", EventName = "Draining")]
    public static partial void Draining(ILogger logger, int count);
}
