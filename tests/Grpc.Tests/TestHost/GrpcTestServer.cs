using System.Net;
using Maimai.Grpc.Health;
using Maimai.Grpc.Reflection;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Tests.TestHost;

/// <summary>
/// A real Kestrel on loopback port 0 (an h2c port for native gRPC and an HTTP/1.1 port for gRPC-Web), serving the
/// echo service, health and reflection, with every log captured.
/// </summary>
public sealed class GrpcTestServer : IAsyncDisposable
{
    public const string AllowedOrigin = "https://app.example";

    private GrpcTestServer(WebApplication app, TestLogSink logs)
    {
        App = app;
        Logs = logs;
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.ToList();
        // ListenForGrpc binds the HTTP/1.1 port first, then the h2c port.
        Http1 = new HttpClient { BaseAddress = new Uri(addresses[0]), Timeout = TimeSpan.FromSeconds(30) };
        Http2 = new HttpClient
        {
            BaseAddress = new Uri(addresses[1]),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public WebApplication App { get; }

    public TestLogSink Logs { get; }

    /// <summary>h2c: native gRPC.</summary>
    public HttpClient Http2 { get; }

    /// <summary>HTTP/1.1: gRPC-Web.</summary>
    public HttpClient Http1 { get; }

    public EchoProbes Probes => App.Services.GetRequiredService<EchoProbes>();

    public static async Task<GrpcTestServer> StartAsync(
        Action<GrpcServerOptions>? configure = null, Action<WebApplication>? map = null, Action<IServiceCollection>? services = null)
    {
        var logs = new TestLogSink();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenForGrpc(new GrpcPortOptions { Address = IPAddress.Loopback, HttpPort = 0, GrpcPort = 0 }));
        builder.Services.AddGrpcTransport(options =>
        {
            options.MaxReceiveMessageSize = 64 * 1024;
            options.Web.AllowedOrigins.Add(AllowedOrigin);
            configure?.Invoke(options);
        });
        builder.Services.AddSingleton<EchoProbes>();
        builder.Services.AddGrpcHealth();
        services?.Invoke(builder.Services);
        // Resolving a scoped service from the root must fail here, as in Development.
        builder.Host.UseDefaultServiceProvider(o => o.ValidateScopes = true);

        var app = builder.Build();
        app.MapGrpcService<EchoHandler>(EchoReflection.Descriptor.Services[0]);
        app.MapGrpcHealth();
        app.MapGrpcReflection();
        map?.Invoke(app);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new GrpcTestServer(app, logs);
    }

    /// <summary>Error logs other than the handler failures a test provoked on purpose.</summary>
    public IReadOnlyList<TestLogSink.LogEntry> UnexpectedErrors(params string[] allowedEventNames) =>
        [.. Logs.Errors.Where(e => !allowedEventNames.Contains(e.EventId.Name))];

    public async ValueTask DisposeAsync()
    {
        Http1.Dispose();
        Http2.Dispose();
        await App.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await App.DisposeAsync();
    }
}

/// <summary>One server shared by the protocol tests (xunit collection fixture).</summary>
public sealed class SharedServerFixture : IAsyncLifetime
{
    private GrpcTestServer? _server;

    public GrpcTestServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await GrpcTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is null)
        {
            return;
        }

        await _server.DisposeAsync();
        // Only the handler failures provoked on purpose may log at Error.
        var unexpected = _server.UnexpectedErrors("HandlerFailed");
        if (unexpected.Count > 0)
        {
            throw new InvalidOperationException("Unexpected error logs:\n" + string.Join("\n", unexpected.Select(e => $"{e.EventId.Name}: {e.Message} {e.Exception}")));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedServerGroup : ICollectionFixture<SharedServerFixture>
{
    public const string Name = "grpc server";
}
