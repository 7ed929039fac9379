using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Interceptors.Internal;

/// <summary>
/// How a failed call is logged; ids and names are stable so operators can filter on them. Only a failure nobody
/// named is an Error: a client that cancels, a deadline, a refused request or a mapped outage is not.
/// </summary>
internal static partial class CallLog
{
    /// <summary>Logs the end of <paramref name="method"/> with <paramref name="status"/> at the level it deserves.</summary>
    public static void Ended(ILogger logger, string method, RpcException status, DateTime deadline)
    {
        var failure = status.Status.DebugException;
        switch (status.StatusCode)
        {
            case var _ when deadline <= DateTime.UtcNow:
                // The client has its DEADLINE_EXCEEDED already; what the handler did after that reaches nobody.
                DeadlineExceeded(logger, method, failure);
                break;
            case StatusCode.Cancelled:
                ClientCancelled(logger, method);
                break;
            case StatusCode.Unknown when failure is not null:
                HandlerFailed(logger, method, failure);
                break;
            case var code when failure is not null:
                HandlerFailureMapped(logger, method, code, status.Status.Detail, failure);
                break;
            default:
                RpcError(logger, method, status.StatusCode, status.Status.Detail);
                break;
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Call {Method} ended with {StatusCode}: {Detail}", EventName = "RpcError")]
    private static partial void RpcError(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(2, LogLevel.Information, "Call {Method} was cancelled by the client.", EventName = "ClientCancelled")]
    private static partial void ClientCancelled(ILogger logger, string method);

    [LoggerMessage(3, LogLevel.Information, "Call {Method} exceeded its deadline.", EventName = "DeadlineExceeded")]
    private static partial void DeadlineExceeded(ILogger logger, string method, Exception? exception);

    [LoggerMessage(4, LogLevel.Warning, "Call {Method} failed; answered {StatusCode}: {Detail}", EventName = "HandlerFailureMapped")]
    private static partial void HandlerFailureMapped(ILogger logger, string method, StatusCode statusCode, string detail, Exception exception);

    [LoggerMessage(5, LogLevel.Error, "The handler of {Method} threw an exception.", EventName = "HandlerFailed")]
    private static partial void HandlerFailed(ILogger logger, string method, Exception exception);
}
