using Maimai.Silo.Accounts.TokenGuide;
using Maimai.Silo.AutoRefresh;
using Maimai.Silo.Cluster;
using Maimai.Silo.Fetching;
using Maimai.Silo.Plugins;
using Maimai.Silo.Retention;
using Maimai.Silo.Site;
using Maimai.Silo.Site.B50;
using Maimai.Silo.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Maimai.Grpc.Web;

namespace Maimai.Silo.Hosting;

/// <summary>The composition root: builds and runs the web host that is an Orleans silo and serves gRPC, gRPC-Web and the site.</summary>
public static class SiloHost
{
    // `started` runs once the host listens (demo mode's set-up); null for a normal start. `services` runs before
    // the host's own registrations, so the TryAdd defaults (the service clock, for one) defer to it (the fetch-load bench).
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken,
        Func<IServiceProvider, PortOptions, CancellationToken, Task>? started = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        services?.Invoke(builder.Services);
        var ports = builder.Configuration.GetSection("Ports").Get<PortOptions>() ?? new PortOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Kestrel cannot offer h2c and HTTP/1.1 on one cleartext port: native gRPC gets its own.
            kestrel.ListenLocalhost(ports.Http, o => o.Protocols = HttpProtocols.Http1);
            kestrel.ListenLocalhost(ports.Grpc, o => o.Protocols = HttpProtocols.Http2);
            if (Telemetry.MetricsPort(builder.Configuration) is > 0 and var metrics)
            {
                kestrel.ListenLocalhost(metrics, o => o.Protocols = HttpProtocols.Http1);
            }
        });
        builder.Services.AddStorage(builder.Configuration);
        try
        {
            // The silo first: hosted services start in order and stop in reverse, so fetches stop before it.
            builder.AddCluster();
        }
        catch (StorageStartupException e)
        {
            await Console.Error.WriteLineAsync("Start-up failed: " + e.Message);
            return 2;
        }

        builder.Services.AddScraperPlugins(builder.Configuration);
        builder.Services.AddApi(builder.Configuration, detailedErrors: builder.Environment.IsDevelopment());
        builder.AddWebLogin();
        builder.Services.AddApiRateLimit(builder.Configuration);
        builder.Services.AddGrpcReflection();
        builder.Services.AddSiloHealthChecks();
        builder.Services.AddFetching(builder.Configuration);
        builder.Services.AddRetention(builder.Configuration);
        builder.Services.AddAutoRefresh(builder.Configuration);
        builder.Services.AddTelemetry(builder.Configuration);
        builder.Services.AddSiteApp();
        builder.Services.AddAdmin(builder.Configuration);

        var app = builder.Build();

        // Load the scraper plugins at start, so a missing or broken one is logged now, not at the first fetch.
        _ = app.Services.GetRequiredService<IScraperRegistry>();
        // Routing runs first (WebApplication adds it), so the limiter sees which endpoint a request is for.
        app.UseRateLimiter();
        // Authentication answers a bad token before the call runs; it and the limiter refuse before gRPC-Web rewrites
        // the request as native gRPC, so a refusal keeps the caller's protocol (GrpcCallRefusal).
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseApiGrpcWeb();
        app.MapApi().RequireApiRateLimit();
        app.MapWebLogin();
        app.MapB50Image().RequireApiRateLimit();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapMetrics();
        app.MapTokenGuide();
        app.MapAdmin();
        // Last: the site's index.html answers only the GETs no endpoint above claimed.
        app.MapSiteApp();

        // Storage first: a bad database stops start-up with one line saying what to fix.
        if (!await StorageStartupStep.RunAsync(app.Services, app.Logger, cancellationToken))
        {
            return 2;
        }

        await app.StartAsync(cancellationToken);
        if (app.Logger.IsEnabled(LogLevel.Information))
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var list = string.Join(", ", addresses);
            StartupLog.Listening(app.Logger, list);
        }
        if (started is not null)
        {
            await started(app.Services, ports, cancellationToken);
        }

        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
