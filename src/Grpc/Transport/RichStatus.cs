using Google.Protobuf;
using Maimai.Grpc.Transport.Internal;

namespace Maimai.Grpc.Transport;

/// <summary>
/// The rich error model: a google.rpc.Status carried in the grpc-status-details-bin trailer, whose code always
/// equals grpc-status (mirrors Grpc.StatusProto's ToRpcException/GetRpcStatus).
/// </summary>
public static class RichStatus
{
    /// <summary>An exception that ends the call with <paramref name="status"/>'s code and message and the status as details.</summary>
    public static RpcException ToRpcException(this Google.Rpc.Status status, Metadata? trailers = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        var all = new Metadata();
        if (trailers is not null)
        {
            foreach (var entry in trailers)
            {
                if (entry.Key != GrpcProtocolConstants.StatusDetailsTrailer)
                {
                    all.Add(entry);
                }
            }
        }

        all.Add(GrpcProtocolConstants.StatusDetailsTrailer, status.ToByteArray());
        return new RpcException(new Status((StatusCode)status.Code, status.Message), all, status.Message);
    }

    /// <summary>The google.rpc.Status in an exception's trailers, or null.</summary>
    public static Google.Rpc.Status? GetRpcStatus(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var bytes = exception.Trailers.GetValueBytes(GrpcProtocolConstants.StatusDetailsTrailer);
        return bytes is null ? null : Google.Rpc.Status.Parser.ParseFrom(bytes);
    }
}
