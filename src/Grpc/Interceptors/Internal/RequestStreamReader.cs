using Grpc.Core;

namespace Maimai.Grpc.Interceptors.Internal;

/// <summary>
/// A client's request stream whose read failures (a malformed frame, an unparseable message) end the call as the
/// client's fault, INTERNAL with a fixed message, instead of reaching the service as an exception it did not cause.
/// </summary>
internal sealed class RequestStreamReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
{
    /// <summary>grpc-message of a request stream that could not be read.</summary>
    public const string UnreadableMessage = "Failed to read the request message.";

    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        try
        {
            return await inner.MoveNext(cancellationToken);
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Internal, UnreadableMessage));
        }
    }
}
