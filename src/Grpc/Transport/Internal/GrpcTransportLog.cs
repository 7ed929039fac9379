namespace Maimai.Grpc.Transport.Internal;

/// <summary>The logger category of the transport.</summary>
internal static class GrpcTransportLog
{
    public const string Category = "Maimai.Grpc.Transport";
}
