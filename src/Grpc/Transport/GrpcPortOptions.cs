using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Maimai.Grpc.Transport;

/// <summary>Where the server listens for gRPC, gRPC-Web and the site (see <see cref="GrpcKestrelExtensions"/>).</summary>
public sealed class GrpcPortOptions
{
    /// <summary>The address to bind; null binds localhost (IPv4 and IPv6 loopback). Defaults to null.</summary>
    public IPAddress? Address { get; set; }

    /// <summary>Cleartext HTTP/1.1 port: the site and gRPC-Web. Defaults to 5000.</summary>
    public int HttpPort { get; set; } = 5000;

    /// <summary>Cleartext HTTP/2-only (h2c) port: native gRPC. Defaults to 5001.</summary>
    public int GrpcPort { get; set; } = 5001;

    /// <summary>With a certificate: the one TLS port serving HTTP/1.1 and HTTP/2 over ALPN. Defaults to 5443.</summary>
    public int HttpsPort { get; set; } = 5443;

    /// <summary>A TLS certificate; when set (or <see cref="CertificatePath"/> is), only <see cref="HttpsPort"/> is opened.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>A PFX file to load the certificate from. Defaults to null.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>. Defaults to null.</summary>
    public string? CertificatePassword { get; set; }
}
