using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Maimai.Silo.Plugins;

/// <summary>
/// "region plugins loaded": Healthy while at least one region's scraper plugin is loaded, Degraded when none is (the
/// API still answers; only fetches fail). The data lists the loaded and the missing regions.
/// </summary>
internal sealed class RegionPluginsHealthCheck(IScraperRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["loaded"] = registry.AvailableRegions.Select(r => r.ToString()).ToArray(),
            ["unavailable"] = registry.UnavailableRegions.Select(r => r.ToString()).ToArray(),
        };
        var result = registry.AvailableRegions.Count > 0
            ? HealthCheckResult.Healthy("Loaded: " + string.Join(", ", registry.AvailableRegions), data)
            : HealthCheckResult.Degraded("No region plugin is loaded: fetches cannot run.", data: data);
        return Task.FromResult(result);
    }
}
