namespace Maimai.Grpc.Transport;

/// <summary>
/// Thrown by a handler to end the call with a status (mirrors Grpc.Core.RpcException). Its trailers are sent with the
/// status; a google.rpc.Status detail travels in the grpc-status-details-bin trailer (see RpcExceptionExtensions).
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status)
        : this(status, new Metadata(), status.Detail)
    {
    }

    public RpcException(Status status, string message)
        : this(status, new Metadata(), message)
    {
    }

    public RpcException(Status status, Metadata trailers)
        : this(status, trailers, status.Detail)
    {
    }

    public RpcException(Status status, Metadata trailers, string message)
        : base(message)
    {
        Status = status;
        Trailers = trailers ?? throw new ArgumentNullException(nameof(trailers));
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailers sent with the status.</summary>
    public Metadata Trailers { get; }
}
