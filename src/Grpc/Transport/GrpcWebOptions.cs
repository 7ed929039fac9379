namespace Maimai.Grpc.Transport;

/// <summary>gRPC-Web settings: whether it is served and which browser origins may call it (PROTOCOL-WEB.md).</summary>
public sealed class GrpcWebOptions
{
    /// <summary>Serve application/grpc-web and application/grpc-web-text. Defaults to true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Origins allowed by CORS, e.g. "https://app.example". Defaults to none (same-origin only).</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Request headers a cross-origin call may carry. Defaults to the gRPC-Web and Connect headers.</summary>
    public IList<string> AllowedHeaders { get; } =
    [
        "x-grpc-web", "x-user-agent", "grpc-timeout", "grpc-encoding", "grpc-accept-encoding", "content-type",
        "authorization", "connect-protocol-version", "connect-timeout-ms", "connect-accept-encoding",
        "connect-content-encoding",
    ];

    /// <summary>Response headers a browser may read. Defaults to grpc-status, grpc-message, grpc-status-details-bin.</summary>
    public IList<string> ExposedHeaders { get; } = ["grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding"];

    /// <summary>How long a browser may cache a preflight answer. Defaults to 2 hours.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromHours(2);
}
