using System.Net;
using Grpc.Health.V1;
using Maimai.Silo.Tests.Api;
using Maimai.Testing;

namespace Maimai.Silo.Tests.Hosting;

/// <summary>The real host's Prometheus endpoint: on the configured port only, with Orleans, Kestrel, gRPC, the runtime and our own meters.</summary>
public sealed class TelemetryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_metrics_port_serves_orleans_kestrel_grpc_and_our_meters_and_the_api_ports_do_not()
    {
        var port = FreePort.Next();
        await using var silo = await InProcessSilo.StartAsync($"--Telemetry:MetricsPort={port}").WaitAsync(InProcessSilo.Timeout);
        using var grpc = silo.Http2From("127.0.0.1");
        var health = await new ApiClient(grpc).CallAsync<HealthCheckResponse>("/grpc.health.v1.Health/Check", new HealthCheckRequest()).WaitAsync(Timeout);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Response.Status);

        using var http = new HttpClient { Timeout = Timeout };
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).WaitAsync(Timeout);
        foreach (var family in new[] { "orleans_", "kestrel_active_connections", "rpc_server_call_duration", "http_server_request_duration", "maimai_fetches_running", "dotnet_gc_" })
        {
            Assert.True(metrics.Contains(family, StringComparison.Ordinal), $"no {family} metrics in:\n{string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("# TYPE", StringComparison.Ordinal)))}");
        }

        using var api = silo.Http1From("127.0.0.1");
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(new Uri("/metrics", UriKind.Relative)).WaitAsync(Timeout)).StatusCode);
    }
}
