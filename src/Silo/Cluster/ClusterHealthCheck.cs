using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Maimai.Silo.Cluster;

/// <summary>Healthy once this silo is an active member of the cluster; reports how many silos are active.</summary>
public sealed class ClusterHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        var data = new Dictionary<string, object> { ["silo"] = silo.SiloAddress.ToString(), ["status"] = status.ToString(), ["activeSilos"] = active };
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {silo.SiloAddress} is active; {active} active silo(s)", data)
            : HealthCheckResult.Unhealthy($"silo {silo.SiloAddress} is {status}, not an active cluster member", data: data));
    }
}
