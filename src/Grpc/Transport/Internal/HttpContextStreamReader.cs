using Google.Protobuf;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>The request stream of a client- or bidirectional-streaming call.</summary>
internal sealed class HttpContextStreamReader<T>(HttpServerCallContext context, ServerMethod method) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("Call MoveNext and check it returned true before reading Current.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
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
