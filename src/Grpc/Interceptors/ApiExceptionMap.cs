using Grpc.Core;

namespace Maimai.Grpc.Interceptors;

/// <summary>
/// The one table from an exception a call ends with to the status its client sees, used by every service (through
/// an interceptor) and by the authentication challenge. In order: an <see cref="RpcException"/> is sent as it is;
/// an <see cref="OperationCanceledException"/> while the call's own token is cancelled is CANCELLED; then the
/// host's rules (<see cref="Add"/>), first answer wins; anything else is UNKNOWN with a fixed message. A message
/// never carries the exception's text: the exception is kept as the status's DebugException, for the log only.
/// </summary>
public sealed class ApiExceptionMap
{
    /// <summary>grpc-message of a failure no rule names.</summary>
    public const string HandlerFailedMessage = "Exception was thrown by handler.";

    /// <summary>grpc-message of a call cancelled by its client (or its deadline).</summary>
    public const string CancelledMessage = "The call was cancelled.";

    private readonly List<Func<Exception, RpcException?>> _rules = [];

    /// <summary>
    /// Adds a rule: the status for the exceptions it recognises, null for the others. For failures the host can name,
    /// such as its database being unreachable (UNAVAILABLE, which a client may retry).
    /// </summary>
    public ApiExceptionMap Add(Func<Exception, RpcException?> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _rules.Add(rule);
        return this;
    }

    /// <summary>The status to end the call with, per the table above.</summary>
    public RpcException ToRpcException(Exception exception, CancellationToken callToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is RpcException rpc)
        {
            return rpc;
        }

        if (exception is OperationCanceledException && callToken.IsCancellationRequested)
        {
            return new RpcException(new Status(StatusCode.Cancelled, CancelledMessage, exception));
        }

        foreach (var rule in _rules)
        {
            if (rule(exception) is { } mapped)
            {
                return new RpcException(new Status(mapped.StatusCode, mapped.Status.Detail, exception), mapped.Trailers, mapped.Message);
            }
        }

        return new RpcException(new Status(StatusCode.Unknown, HandlerFailedMessage, exception));
    }
}
