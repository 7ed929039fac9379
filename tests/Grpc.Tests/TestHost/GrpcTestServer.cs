using System.Net;
using Maimai.Grpc.Interceptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Maimai.Grpc.Web;

namespace Maimai.Grpc.Tests.TestHost;

/// <summary>
/// A real Kestrel on free loopback ports (h2c for native gRPC, HTTP/1.1 for gRPC-Web) hosting Grpc.AspNetCore as the
/// Silo does (the API's interceptors, gRPC-Web, health, reflection) with the echo service, every log captured.
/// Requests reach <c>refuse</c> middleware (the shape of the rate limiter and authentication) before gRPC-Web.
/// </summary>
public sealed class GrpcTestServer : IAsyncDisposable
{
    public const string AllowedOrigin = "https://app.example";

    /// <summary>The largest request message the test host accepts.</summary>
    public const int MaxReceiveMessageSize = 64 * 1024;

    private GrpcTestServer(WebApplication app, TestLogSink logs, ListenOptions h2c, ListenOptions http1)
    {
        App = app;
        Logs = logs;
        Http1 = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http1.IPEndPoint!.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        Http2 = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{h2c.IPEndPoint!.Port}"),
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
        Action<IApplicationBuilder>? refuse = null, Action<IServiceCollection>? services = null, Action<WebApplication>? map = null)
    {
        var logs = new TestLogSink();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        ListenOptions? h2c = null;
        ListenOptions? http1 = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http2; h2c = o; });
            kestrel.Listen(IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http1; http1 = o; });
        });
        builder.Services.AddApiGrpc(options => options.MaxReceiveMessageSize = MaxReceiveMessageSize);
        // A host rule, as the Silo adds one for its database: a timeout is UNAVAILABLE.
        builder.Services.Configure<ApiExceptionMap>(map => map.Add(e => e is TimeoutException ? new global::Grpc.Core.RpcException(
            new global::Grpc.Core.Status(global::Grpc.Core.StatusCode.Unavailable, "Try again.")) : null));
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddCors(o => o.AddDefaultPolicy(policy => policy.WithOrigins(AllowedOrigin).AllowAnyHeader().WithMethods("POST")
            .WithExposedHeaders("grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding")));
        builder.Services.AddSingleton<EchoProbes>();
        services?.Invoke(builder.Services);
        // Resolving a scoped service from the root must fail here, as in Development.
        builder.Host.UseDefaultServiceProvider(o => o.ValidateScopes = true);

        var app = builder.Build();
        app.UseRouting();
        app.UseCors();
        refuse?.Invoke(app);
        app.UseApiGrpcWeb();
        app.MapGrpcService<EchoService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        map?.Invoke(app);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new GrpcTestServer(app, logs, h2c!, http1!);
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
