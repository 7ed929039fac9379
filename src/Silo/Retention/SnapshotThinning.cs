using Maimai.Core.Accounts;
using Maimai.Core.Snapshots;
using Maimai.Silo.Snapshots;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Retention;

/// <summary>
/// One pass of the retention policy over every user and region that has snapshots. Each user and region is thinned
/// in its own transaction through <see cref="SnapshotRemoval"/>, so no score version a kept snapshot reads is lost.
/// </summary>
public sealed partial class SnapshotThinning(
    SnapshotRepository snapshots,
    SnapshotRemoval removal,
    SnapshotScoreCache cache,
    IOptions<RetentionOptions> options,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time,
    ILogger<SnapshotThinning> logger)
{
    /// <summary>Thins now; returns how many snapshots went. Does nothing while Retention:Enabled is false.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var total = 0;
        foreach (var (userId, region) in await snapshots.OwnersAsync(cancellationToken))
        {
            var series = await snapshots.SeriesAsync(userId, region, TakenRange.All, cancellationToken);
            var doomed = RetentionPolicy.ToDelete(series, now, settings);
            if (doomed.Count == 0)
            {
                continue;
            }

            total += await removal.DeleteManyAsync(userId, region, doomed, AuditActor.Retention, cancellationToken);
            cache.RemoveUser(userId);
        }

        Log.Thinned(logger, total);
        return total;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "SnapshotsThinned", Level = LogLevel.Information, Message = "Retention deleted {Count} snapshots.")]
        public static partial void Thinned(ILogger logger, int count);
    }
}
