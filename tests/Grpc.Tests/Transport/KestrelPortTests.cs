using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;
using Maimai.Grpc.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>ListenForGrpc with a certificate: one TLS port, HTTP/2 and HTTP/1.1 chosen by ALPN.</summary>
public sealed class KestrelPortTests
{
    [Fact]
    public async Task Tls_port_serves_native_grpc_over_h2_and_grpc_web_over_http1()
    {
        using var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenForGrpc(new GrpcPortOptions { Address = IPAddress.Loopback, HttpsPort = 0, Certificate = certificate }));
        builder.Services.AddGrpcTransport().AddSingleton<EchoProbes>();
        await using var app = builder.Build();
        app.MapGrpcService<EchoHandler>(EchoReflection.Descriptor.Services[0]);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            var address = Assert.Single(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses);
            Assert.StartsWith("https://", address, StringComparison.Ordinal);
            // Trust exactly the test's own certificate.
            using var handler = new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == certificate.GetCertHashString() },
            };
            using var h2 = new HttpClient(handler, disposeHandler: false)
            {
                BaseAddress = new Uri(address),
                DefaultRequestVersion = HttpVersion.Version20,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            using var h1 = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(address) };

            var native = await GrpcWire.PostAsync(h2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "tls" }));
            Assert.Equal(new Version(2, 0), native.Version);
            Assert.Equal("0", native.Trailers["grpc-status"]);

            var web = await GrpcWire.PostAsync(h1, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "tls" }), "application/grpc-web");
            Assert.Equal(new Version(1, 1), web.Version);
            Assert.Equal(0x80, web.Frames[^1].Flag);
        }
        finally
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Round-trip through PFX so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
