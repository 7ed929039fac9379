using System.Net;
using Maimai.Grpc.Interceptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Maimai.Grpc.Web;

namespace Maimai.Interop.Server;

/// <summary>
/// The interop server's composition: grpc.testing services on Grpc.AspNetCore as the Silo hosts its API (the same
/// interceptors, gRPC-Web, health checks, reflection), and the raw Kestrel baseline, on two free loopback ports (h2c
/// for gRPC, HTTP/1.1 for gRPC-Web). Shared by the executable and the in-process benchmarks so both measure the same.
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

        builder.Services.AddApiGrpc();
        builder.Services.AddGrpcReflection();
        // One check that the process answers: "" and the test service are SERVING while the server runs.
        builder.Services.AddGrpcHealthChecks(o => o.Services.Map("grpc.testing.TestService", _ => true))
            .AddCheck("process", () => HealthCheckResult.Healthy());
        builder.Services.AddSingleton<CancellationProbe>();

        var app = builder.Build();
        app.UseApiGrpcWeb();
        app.MapGrpcService<InteropTestService>();
        app.MapGrpcService<InteropProbeService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapRawEmptyCall();

        await app.StartAsync();
        return new InteropHost(app, h2c!, http1!);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
