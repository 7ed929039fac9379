using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;

namespace Maimai.Silo.Snapshots;

/// <summary>
/// <see cref="ISnapshotDiffQueries"/> over the versioned scores: both snapshots are checked to be the caller's first,
/// then only the versions written between their sequence numbers are read (see <see cref="ScoreRepository.ChangesBetweenAsync"/>).
/// </summary>
public sealed class SnapshotDiffQueries(ISnapshotQueries snapshots, ScoreRepository scores, RecentPlayRepository plays, ISongQueries songs) : ISnapshotDiffQueries
{
    public async Task<SnapshotChanges?> GetChangesAsync(long userId, long snapshotId, long? previousSnapshotId, CancellationToken cancellationToken)
    {
        var to = await snapshots.GetSnapshotAsync(userId, snapshotId, cancellationToken);
        if (to is null)
        {
            return null;
        }

        SnapshotDetail? from;
        if (previousSnapshotId is { } previousId)
        {
            from = await snapshots.GetSnapshotAsync(userId, previousId, cancellationToken);
        }
        else
        {
            var before = await snapshots.ListSnapshotsAsync(userId, to.Region, TakenRange.All, to.Seq, 1, cancellationToken);
            from = before.Count == 0 ? null : await snapshots.GetSnapshotAsync(userId, before[0].Id, cancellationToken);
        }

        if (from is null || from.Region != to.Region || from.Seq >= to.Seq)
        {
            return null;
        }

        var versions = await scores.ChangesBetweenAsync(userId, to.Region, from.Seq, to.Seq, cancellationToken);
        var library = await songs.GetLibraryAsync(cancellationToken);
        ListedScore? Listed(ChartScore? score) => score is null
            ? null
            : ScoreListing.Sort([new StoredScore(score, 0)], library, to.Region, out _).FirstOrDefault();
        var changes = versions
            .Select(v => (Before: Listed(v.Before), After: Listed(v.After)))
            .Where(v => v.After is not null)
            .Select(v => new ScoreChange(v.Before, v.After!))
            .ToList();
        var newPlays = await plays.CountBetweenAsync(userId, to.Region, from.TakenAt.ToUnixTimeSeconds(), to.TakenAt.ToUnixTimeSeconds(), cancellationToken);
        return new SnapshotChanges(from, to, changes, newPlays);
    }
}
