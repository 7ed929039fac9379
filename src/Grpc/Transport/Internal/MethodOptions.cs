using System.IO.Compression;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>The options one method runs with, resolved from <see cref="GrpcServerOptions"/> at start-up.</summary>
internal sealed record MethodOptions(
    int MaxReceiveMessageSize,
    int? MaxSendMessageSize,
    bool EnableDetailedErrors,
    string? ResponseCompressionAlgorithm,
    CompressionLevel ResponseCompressionLevel,
    bool GrpcWebEnabled,
    Func<Exception, RpcException?>? MapException)
{
    public static MethodOptions From(GrpcServerOptions options) => new(
        options.MaxReceiveMessageSize,
        options.MaxSendMessageSize,
        options.EnableDetailedErrors,
        options.ResponseCompressionAlgorithm,
        options.ResponseCompressionLevel,
        options.Web.Enabled,
        options.MapException);
}
