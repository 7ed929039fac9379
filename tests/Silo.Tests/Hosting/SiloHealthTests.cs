using System.Diagnostics.CodeAnalysis;
using Grpc.Health.V1;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Hosting;
using Maimai.Silo.Plugins;
using Maimai.Silo.Storage;
using Maimai.Silo.Tests.Api;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Maimai.Silo.Tests.Hosting;

/// <summary>The silo's health checks (storage reachable, region plugins loaded), alone and as grpc.health.v1.</summary>
public sealed class SiloHealthTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Storage_is_healthy_when_a_trivial_query_runs()
    {
        var folder = Directory.CreateTempSubdirectory("maimai-health-");
        try
        {
            var check = new StorageHealthCheck(new Database(SqliteDialect.Instance, $"Data Source={Path.Combine(folder.FullName, "h.db")};Pooling=False"));
            var result = await check.CheckHealthAsync(Context(check)).WaitAsync(Timeout);
            Assert.Equal(HealthStatus.Healthy, result.Status);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Storage_that_cannot_be_reached_is_unhealthy_without_the_exception_text_in_its_description()
    {
        // A closed loopback port: the connection is refused at once.
        var check = new StorageHealthCheck(new Database(PostgresDialect.Instance, "Host=127.0.0.1;Port=1;Username=x;Password=secret;Timeout=5"));
        var result = await check.CheckHealthAsync(Context(check)).WaitAsync(Timeout);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.NotNull(result.Exception);
        Assert.Equal("Postgres cannot be reached.", result.Description);
    }

    [Fact]
    public async Task Region_plugins_are_healthy_with_one_loaded_and_degraded_with_none()
    {
        var one = new RegionPluginsHealthCheck(new Registry([Region.Jp]));
        var loaded = await one.CheckHealthAsync(Context(one)).WaitAsync(Timeout);
        Assert.Equal(HealthStatus.Healthy, loaded.Status);
        Assert.Equal(["Jp"], (string[])loaded.Data["loaded"]);
        Assert.Equal(["Intl"], (string[])loaded.Data["unavailable"]);

        var none = new RegionPluginsHealthCheck(new Registry([]));
        var missing = await none.CheckHealthAsync(Context(none)).WaitAsync(Timeout);
        Assert.Equal(HealthStatus.Degraded, missing.Status);
        Assert.Empty((string[])missing.Data["loaded"]);
    }

    [Fact]
    public async Task The_real_host_serves_its_checks_as_grpc_health_for_the_server_and_each_api_service()
    {
        await using var silo = await InProcessSilo.StartAsync().WaitAsync(InProcessSilo.Timeout);
        using var http = silo.Http2From("127.0.0.1");
        var client = new ApiClient(http);
        foreach (var service in new[] { "", "maimai.v1.FetchService", "maimai.v1.SnapshotService" })
        {
            var result = await client.CallAsync<HealthCheckResponse>("/grpc.health.v1.Health/Check", new HealthCheckRequest { Service = service }).WaitAsync(Timeout);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, result.Response.Status);
        }

        var unknown = await client.CallAsync<HealthCheckResponse>("/grpc.health.v1.Health/Check", new HealthCheckRequest { Service = "no.Such" }).WaitAsync(Timeout);
        Assert.Equal(5, unknown.Status);
    }

    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("test", check, HealthStatus.Unhealthy, []) };

    private sealed class Registry(Region[] available) : IScraperRegistry
    {
        public IReadOnlyCollection<Region> AvailableRegions => available;

        public IReadOnlyCollection<Region> UnavailableRegions => [.. Enum.GetValues<Region>().Except(available)];

        public IReadOnlyList<PluginProblem> Problems => [];

        public IReadOnlyList<ServingPlugin> Serving => [];

        public ScraperLease? Acquire(Region region) => null;

        public bool IsAvailable(Region region) => available.Contains(region);
    }
}
