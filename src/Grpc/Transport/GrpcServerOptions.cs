using System.IO.Compression;

namespace Maimai.Grpc.Transport;

/// <summary>Transport options; read once at start-up into an immutable per-method snapshot.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, before and after decompression. Defaults to 4,194,304 (4 MiB).</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent; null for no limit. Defaults to null.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Put exception details in grpc-message for handler failures. Defaults to false; turn on in Development.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Compress responses with this algorithm ("gzip") when the client accepts it. Defaults to null (identity).</summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    /// <summary>The gzip level for responses. Defaults to <see cref="CompressionLevel.Fastest"/>.</summary>
    public CompressionLevel ResponseCompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>How long calls in flight may run after shutdown begins before they are cancelled. Defaults to 10 seconds.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Turns an exception a handler threw (other than <see cref="RpcException"/>) into the status to send, or returns
    /// null to leave it a handler failure (UNKNOWN). The application uses it for failures it can name, such as its
    /// database being unreachable (UNAVAILABLE, which a client may retry). Defaults to null.
    /// </summary>
    public Func<Exception, RpcException?>? MapException { get; set; }

    /// <summary>gRPC-Web and CORS settings.</summary>
    public GrpcWebOptions Web { get; } = new();
}
