using Maimai.Core.Accounts;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Time;

namespace Maimai.Silo.Songs;

/// <summary>
/// <see cref="IDiscoveredCharts"/> over <see cref="ChartMergeRepository"/>. A merge empties this node's song cache at
/// once; the others follow the songs revision, as for any edit (see <see cref="SongEditor"/>).
/// </summary>
public sealed class DiscoveredCharts(ChartMergeRepository merges, SongCache cache, [FromKeyedServices(ServiceClock.Key)] TimeProvider time) : IDiscoveredCharts
{
    public Task<IReadOnlyList<DiscoveredEntry>> ListAsync(CancellationToken cancellationToken) => merges.ListAsync(cancellationToken);

    public async Task<SongEditResult> MergeAsync(int discoveredChartId, int targetChartId, AuditActor actor, CancellationToken cancellationToken)
    {
        var result = await merges.MergeAsync(discoveredChartId, targetChartId, actor, time.GetUtcNow(), cancellationToken);
        if (result.Outcome == SongEditOutcome.Saved)
        {
            cache.Invalidate();
        }

        return result;
    }
}
