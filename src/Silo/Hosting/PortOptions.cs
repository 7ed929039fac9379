namespace Maimai.Silo.Hosting;

/// <summary>The cleartext ports the silo listens on (configuration section "Ports").</summary>
public sealed class PortOptions
{
    /// <summary>HTTP/1.1: the site and gRPC-Web. Defaults to 5000.</summary>
    public int Http { get; set; } = 5000;

    /// <summary>HTTP/2 cleartext: native gRPC. Defaults to 5001.</summary>
    public int Grpc { get; set; } = 5001;
}
