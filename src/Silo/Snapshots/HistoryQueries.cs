using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;

namespace Maimai.Silo.Snapshots;

/// <summary>
/// <see cref="IHistoryQueries"/> over the storage repositories. Every query carries the user and region, so
/// another user's history is simply empty.
/// </summary>
public sealed class HistoryQueries(ScoreRepository scores, SnapshotRepository snapshots, RecentPlayRepository plays) : IHistoryQueries
{
    public Task<IReadOnlyList<ChartScoreVersion>> GetChartHistoryAsync(long userId, Region region, int chartId, CancellationToken cancellationToken) =>
        scores.ChartVersionsAsync(userId, region, chartId, cancellationToken);

    public async Task<PlayActivity> GetPlayActivityAsync(long userId, Region region, DayRange days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(days);
        var counts = await snapshots.PlayCountsAroundAsync(userId, region, days.Start, days.End, cancellationToken);

        // The plays of the days asked for, and of the snapshot windows that reach outside them.
        var from = counts.Count > 0 && counts[0].TakenAt < days.Start ? counts[0].TakenAt : days.Start;
        var to = counts.Count > 0 && counts[^1].TakenAt > days.End ? counts[^1].TakenAt : days.End;
        var times = await plays.PlayTimesAsync(userId, region, from.ToUnixTimeSeconds(), to.ToUnixTimeSeconds(), cancellationToken);
        return PlayActivity.Compute(days, counts, [.. times.Select(t => (DateTimeOffset.FromUnixTimeSeconds(t.PlayedAt), t.Track))]);
    }

    public async Task<IReadOnlyList<PlayTiming>> GetPlayTimingsAsync(long userId, Region region, int lastPlays, CancellationToken cancellationToken)
    {
        var rows = await plays.TimingsAsync(userId, region, lastPlays, cancellationToken);
        return [.. rows.Select(r => new PlayTiming(DateTimeOffset.FromUnixTimeSeconds(r.PlayedAt), r.Track, r.Fast, r.Late))];
    }
}
