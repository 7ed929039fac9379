namespace Maimai.Core.Snapshots;

/// <summary>
/// What changed between two of a user's snapshots of one region, read from the versioned score storage: only the
/// charts whose score has a new version in between are read. Scoped by <c>userId</c> like <see cref="ISnapshotQueries"/>.
/// </summary>
public interface ISnapshotDiffQueries
{
    /// <summary>
    /// The changes from <paramref name="previousSnapshotId"/> (null: the snapshot just before) to
    /// <paramref name="snapshotId"/>; null when either is not the user's, they differ in region, or there is no earlier one.
    /// </summary>
    Task<SnapshotChanges?> GetChangesAsync(long userId, long snapshotId, long? previousSnapshotId, CancellationToken cancellationToken);
}

/// <summary>The changed charts between two snapshots and the plays recorded in between.</summary>
/// <param name="From">The earlier snapshot.</param>
/// <param name="To">The later snapshot.</param>
/// <param name="Changes">Each chart with a new score version: before (null when unplayed then) and after, in chart id order.</param>
/// <param name="NewPlays">Plays played after <paramref name="From"/> was taken and at or before <paramref name="To"/>.</param>
public sealed record SnapshotChanges(SnapshotDetail From, SnapshotDetail To, IReadOnlyList<ScoreChange> Changes, int NewPlays);

/// <summary>One chart's score before and after.</summary>
public sealed record ScoreChange(ListedScore? Before, ListedScore After)
{
    public bool IsNewBest => Before is null || After.Achievement > Before.Achievement;

    public bool LampGained => Before is null
        ? After.ComboLamp != Game.ComboLamp.None || After.SyncLamp != Game.SyncLamp.None
        : After.ComboLamp > Before.ComboLamp || After.SyncLamp > Before.SyncLamp;

    public bool RankChanged => Before is null || After.Achievement.Rank != Before.Achievement.Rank;

    /// <summary>Plays added to the chart's play count; null when either count is unknown (a new chart counts from 0).</summary>
    public int? PlayCountGained => After.PlayCount is { } now ? (Before is null ? now : Before.PlayCount is { } then ? now - then : null) : null;
}
