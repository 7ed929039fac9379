namespace Maimai.Grpc.Transport;

/// <summary>Writes response messages of a server- or bidirectional-streaming call.</summary>
public interface IServerStreamWriter<in T>
{
    /// <summary>Options for the following writes (for example <see cref="WriteFlags.NoCompress"/>).</summary>
    WriteOptions? WriteOptions { get; set; }

    /// <summary>Writes one message and flushes it to the client.</summary>
    Task WriteAsync(T message);

    /// <summary>Writes one message, observing <paramref name="cancellationToken"/> while waiting for the client.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken);
}
