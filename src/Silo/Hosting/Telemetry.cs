using Maimai.Grpc.Interceptors;
using Maimai.Silo.Fetching;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Maimai.Silo.Hosting;

/// <summary>
/// OpenTelemetry for the silo: metrics from ASP.NET Core and Kestrel, gRPC, Orleans, Npgsql, the .NET runtime and
/// our own meters; traces from ASP.NET Core (each gRPC call), Orleans grain calls and Npgsql. Metrics are scraped by
/// Prometheus at /metrics on Telemetry:MetricsPort (loopback, off unless set); both go to an OTLP collector when
/// Telemetry:OtlpEndpoint (or the standard OTEL_EXPORTER_OTLP_ENDPOINT) is set.
/// </summary>
public static class Telemetry
{
    public const string SectionName = "Telemetry";

    // Meters the instrumentation packages do not add themselves.
    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.Orleans", "Npgsql", ApiInterceptors.MeterName, FetchMetrics.MeterName,
    ];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = Settings(configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("maimai-silo"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter(Meters);
                if (settings.MetricsPort > 0)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddNpgsql());
        if (!string.IsNullOrWhiteSpace(settings.OtlpEndpoint))
        {
            telemetry.UseOtlpExporter(OtlpExportProtocol.Grpc, new Uri(settings.OtlpEndpoint));
        }
        else if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>Kestrel also listens on the metrics port when one is set (loopback, HTTP/1.1).</summary>
    public static int MetricsPort(IConfiguration configuration) => Settings(configuration).MetricsPort;

    /// <summary>Maps /metrics to the metrics port alone: the API ports never serve it.</summary>
    public static void MapMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var port = MetricsPort(app.Configuration);
        if (port > 0)
        {
            app.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{port}");
        }
    }

    private static TelemetrySettings Settings(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<TelemetrySettings>() ?? new TelemetrySettings();

    private sealed class TelemetrySettings
    {
        /// <summary>The Prometheus scrape port; 0 (the default) serves no metrics endpoint.</summary>
        public int MetricsPort { get; set; }

        /// <summary>An OTLP/gRPC collector (e.g. http://collector:4317) for metrics and traces; none by default.</summary>
        public string? OtlpEndpoint { get; set; }
    }
}
