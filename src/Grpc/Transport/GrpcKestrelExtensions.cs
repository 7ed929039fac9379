using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Maimai.Grpc.Transport;

/// <summary>Kestrel listeners for gRPC.</summary>
public static class GrpcKestrelExtensions
{
    /// <summary>
    /// Without TLS: an HTTP/2-only cleartext port for native gRPC (Kestrel cannot offer h2c and HTTP/1.1 on one
    /// cleartext port) and an HTTP/1.1 port for the site and gRPC-Web. With a certificate: one port serving
    /// HTTP/1.1 and HTTP/2, chosen per connection by ALPN.
    /// </summary>
    public static KestrelServerOptions ListenForGrpc(this KestrelServerOptions kestrel, GrpcPortOptions ports)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(ports);
        var certificate = ports.Certificate ??
            (ports.CertificatePath is { } path ? X509CertificateLoader.LoadPkcs12FromFile(path, ports.CertificatePassword) : null);
        if (certificate is not null)
        {
            Listen(kestrel, ports.Address, ports.HttpsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            });
            return kestrel;
        }

        Listen(kestrel, ports.Address, ports.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
        Listen(kestrel, ports.Address, ports.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
        return kestrel;
    }

    private static void Listen(KestrelServerOptions kestrel, IPAddress? address, int port, Action<ListenOptions> configure)
    {
        if (address is null)
        {
            kestrel.ListenLocalhost(port, configure);
        }
        else
        {
            kestrel.Listen(address, port, configure);
        }
    }
}
