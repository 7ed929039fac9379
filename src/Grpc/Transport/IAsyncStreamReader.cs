namespace Maimai.Grpc.Transport;

/// <summary>Reads the request messages of a client- or bidirectional-streaming call.</summary>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNext"/>.</summary>
    T Current { get; }

    /// <summary>Reads the next message; false once the client has finished sending.</summary>
    Task<bool> MoveNext(CancellationToken cancellationToken);
}
