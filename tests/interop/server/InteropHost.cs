using System.Net;
using FileDescriptor = Google.Protobuf.Reflection.FileDescriptor;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Health.V1;
using Maimai.Grpc.Health;
using Maimai.Grpc.Reflection;
using Maimai.Grpc.Transport;
using Maimai.Interop.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maimai.Interop.Server;

/// <summary>
/// The interop server's composition: grpc.testing services, health and reflection on our transport, and the raw
/// Kestrel baseline, on two free loopback ports (h2c for gRPC, HTTP/1.1 for gRPC-Web). Shared by the executable
/// and the in-process benchmarks so both measure the same thing.
/// </summary>
public sealed class InteropHost : IAsyncDisposable
{
    private readonly ListenOptions _h2c;
    private readonly ListenOptions _http1;

    private InteropHost(WebApplication app, ListenOptions h2c, ListenOptions http1)
    {
        App = app;
        _h2c = h2c;
        _http1 = http1;
    }

    public WebApplication App { get; }

    /// <summary>The HTTP/2 cleartext (prior knowledge) port, for native gRPC.</summary>
    public int H2cPort => _h2c.IPEndPoint!.Port;

    /// <summary>The HTTP/1.1 port, for gRPC-Web.</summary>
    public int Http1Port => _http1.IPEndPoint!.Port;

    public static async Task<InteropHost> StartAsync(string[] args, LogLevel minimumLevel = LogLevel.Warning)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(minimumLevel);

        ListenOptions? h2c = null;
        ListenOptions? http1 = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http2; h2c = o; });
            kestrel.Listen(IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http1; http1 = o; });
        });

        builder.Services.AddGrpcTransport();
        builder.Services.AddGrpcHealth();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<CancellationProbe>();

        var app = builder.Build();
        app.MapGrpcService<TestServiceHandler>(Service(TestReflection.Descriptor, "TestService"));
        app.MapGrpcService<InteropProbeHandler>(Service(ProbeReflection.Descriptor, "InteropProbe"));
        app.MapGrpcHealth();
        app.MapGrpcReflection();
        app.MapRawEmptyCall();
        app.Services.GetRequiredService<HealthStatusBoard>()
            .SetStatus("grpc.testing.TestService", HealthCheckResponse.Types.ServingStatus.Serving);

        await app.StartAsync();
        return new InteropHost(app, h2c!, http1!);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static ServiceDescriptor Service(FileDescriptor file, string name) =>
        file.Services.Single(s => s.Name == name);
}
