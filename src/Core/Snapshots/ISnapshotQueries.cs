using Maimai.Core.Game;

namespace Maimai.Core.Snapshots;

/// <summary>
/// Reads a user's snapshots. Every call is scoped by <c>userId</c>: another user's snapshot id gives null
/// (the API's NOT_FOUND), never their data.
/// </summary>
public interface ISnapshotQueries
{
    /// <summary>The user's snapshots of a region taken in the range, newest first, before sequence number <paramref name="beforeSeq"/> when paging.</summary>
    Task<IReadOnlyList<SnapshotSummary>> ListSnapshotsAsync(long userId, Region region, TakenRange range, int? beforeSeq, int limit, CancellationToken cancellationToken);

    /// <summary>The snapshot, or null when it is not this user's.</summary>
    Task<SnapshotDetail?> GetSnapshotAsync(long userId, long snapshotId, CancellationToken cancellationToken);

    /// <summary>The newest snapshot of the region, or null before the first fetch.</summary>
    Task<SnapshotDetail?> GetLatestSnapshotAsync(long userId, Region region, CancellationToken cancellationToken);

    /// <summary>A page of the snapshot's scores, filtered and ordered by level descending; null when the snapshot is not this user's.</summary>
    Task<ScorePage?> ListScoresAsync(long userId, long snapshotId, ScoreQuery query, ScoreCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>A page of the plays known as of the snapshot, newest first; null when the snapshot is not this user's.</summary>
    Task<PlayPage?> ListRecentPlaysAsync(long userId, long snapshotId, PlayCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>Rating per snapshot in the range, oldest first.</summary>
    Task<IReadOnlyList<RatingPoint>> GetRatingHistoryAsync(long userId, Region region, TakenRange range, CancellationToken cancellationToken);

    /// <summary>Rating and the chart's achievement per snapshot in the range, oldest first; null when the chart is unknown.</summary>
    Task<IReadOnlyList<RatingPoint>?> GetChartHistoryAsync(long userId, Region region, int chartId, TakenRange range, CancellationToken cancellationToken);
}
