using Maimai.Grpc.Services.V1;
using Maimai.Silo.Cluster;
using Maimai.Silo.Plugins;
using Maimai.Silo.Storage;

namespace Maimai.Silo.Hosting;

/// <summary>
/// The silo's health: ASP.NET Core health checks, served as grpc.health.v1 (Grpc.AspNetCore.HealthChecks; Healthy and
/// Degraded are SERVING, Unhealthy NOT_SERVING). "" is the whole server. Each maimai.v1 service counts every check
/// except those tagged <see cref="FetchOnly"/>, which only FetchService (and "") count. Adding a check is one line here.
/// </summary>
public static class SiloHealth
{
    /// <summary>Tag of a check only fetching depends on.</summary>
    public const string FetchOnly = "fetch-only";

    public static IHealthChecksBuilder AddSiloHealthChecks(this IServiceCollection services)
    {
        var checks = services.AddApiHealthChecks();
        return checks
            .AddCheck<StorageHealthCheck>("storage")
            .AddCheck<ClusterHealthCheck>("cluster")
            .AddCheck<RegionPluginsHealthCheck>("region-plugins", tags: [FetchOnly]);
    }

    /// <summary>The grpc.health.v1 mapping alone, for hosts that register their own checks.</summary>
    public static IHealthChecksBuilder AddApiHealthChecks(this IServiceCollection services) =>
        services.AddGrpcHealthChecks(options =>
        {
            foreach (var service in MaimaiApiExtensions.Services)
            {
                var fetching = service.Name == "FetchService";
                options.Services.Map(service.FullName, check => fetching || !check.Tags.Contains(FetchOnly));
            }
        });
}
