using Google.Protobuf;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>The request stream of a client- or bidirectional-streaming call.</summary>
internal sealed class HttpContextStreamReader<T>(HttpServerCallContext context, ServerMethod method) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;
    private Task<bool>? _moveNext;

    public T Current => _current ?? throw new InvalidOperationException("Call MoveNext and check it returned true before reading Current.");

    public Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        // Two reads at once would interleave their AdvanceTo calls on the one body reader.
        if (_moveNext is { IsCompleted: false })
        {
            throw new InvalidOperationException("MoveNext was called while the previous MoveNext is still in progress.");
        }

        return _moveNext = MoveNextCoreAsync(cancellationToken);
    }

    /// <summary>
    /// Run when the handler returns: a MoveNext it left waiting is cancelled and awaited, so no read of the request
    /// body is in progress when the request ends (Kestrel drains the body then; see <see cref="RequestBody"/>).
    /// </summary>
    public async Task EndAsync()
    {
        if (_moveNext is not { IsCompleted: false } pending)
        {
            return;
        }

        context.Reader.Body.Abandon();
        await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // The handler walked away from this read; its cancellation is nobody's failure.
        _ = pending.Exception;
    }

    private async Task<bool> MoveNextCoreAsync(CancellationToken cancellationToken)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : context.CallToken;
        _current = await context.Reader.ReadAsync(MessageCodec<T>.Instance, token);
        if (_current is null)
        {
            return false;
        }

        method.Metrics.MessageReceived(method.FullName);
        return true;
    }
}
