using Google.Protobuf;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>The response stream of a server- or bidirectional-streaming call; every write is flushed.</summary>
internal sealed class HttpContextStreamWriter<T>(HttpServerCallContext context) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return context.WriteMessageAsync(message, WriteOptions, flush: true, cancellationToken);
    }
}
