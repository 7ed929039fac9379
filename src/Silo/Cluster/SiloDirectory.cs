using Maimai.Core.Cluster;

namespace Maimai.Silo.Cluster;

/// <summary>
/// <see cref="ISiloDirectory"/> over Orleans' management grain: the membership table's view (the embedded default's
/// own, or the shared ADO.NET one when several silos run), dead silos included until the table forgets them.
/// </summary>
public sealed class SiloDirectory(IGrainFactory grains, ILocalSiloDetails local) : ISiloDirectory
{
    public async Task<IReadOnlyList<SiloListing>> ListAsync(CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false, cancellationToken);
        return [.. hosts
            .Select(h => new SiloListing(h.SiloName ?? "", h.SiloAddress.ToString(), h.HostName ?? "", h.Status.ToString(),
                new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)),
                h.IAmAliveTime == default ? null : new DateTimeOffset(DateTime.SpecifyKind(h.IAmAliveTime, DateTimeKind.Utc)),
                h.SiloAddress.Equals(local.SiloAddress)))
            .OrderBy(s => s.Status == nameof(SiloStatus.Active) ? 0 : 1)
            .ThenByDescending(s => s.StartedAt)];
    }
}
