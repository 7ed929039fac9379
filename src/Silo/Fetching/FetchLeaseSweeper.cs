using System.Data.Common;
using Maimai.Core.Fetching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Fetching;

/// <summary>
/// Fails fetches whose node died: a running fetch whose heartbeat is older than the lease, or a pending one as
/// old, becomes NODE_LOST. Every node sweeps at start-up and then every <see cref="FetchOptions.SweepInterval"/>;
/// the conditional UPDATE hands each lost fetch to exactly one node. The lost fetch keeps the rate-limit minute
/// it took when it started: the next fetch is possible once both the lease and that minute have passed.
/// </summary>
public sealed class FetchLeaseSweeper(FetchStore store, FetchProgressHub hub, IOptions<FetchOptions> options, TimeProvider time, ILogger<FetchLeaseSweeper> logger)
    : BackgroundService
{
    /// <summary>Sweeps once now; returns the fetches this node failed.</summary>
    public async Task<IReadOnlyList<FetchStatus>> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lost = await store.SweepLostAsync(now - options.Value.LeaseDuration, now, cancellationToken);
        if (lost.Count > 0)
        {
            FetchLog.SweptLost(logger, lost.Count, string.Join(", ", lost.Select(f => f.Id)));
            foreach (var fetch in lost)
            {
                hub.Publish(fetch);
            }
        }

        return lost;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (DbException e)
            {
                FetchLog.SweepFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
