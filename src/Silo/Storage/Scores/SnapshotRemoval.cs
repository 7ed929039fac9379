using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Silo.Storage.Audit;

namespace Maimai.Silo.Storage.Scores;

/// <summary>
/// Deletes snapshots without changing what any other snapshot reads. A snapshot's score rows are the versions that
/// started at it; the next remaining snapshot of its region read them (having no version of its own for those
/// charts), so each one it lacks moves to it (seq and id), and the rest, superseded there, go. With no later
/// snapshot nobody reads them, and they go too. Snapshots before it never saw them.
/// </summary>
public sealed class SnapshotRemoval(Database database, [FromKeyedServices(Time.ServiceClock.Key)] TimeProvider time)
{
    /// <summary>Deletes one of the user's snapshots, audited; false when it is not theirs.</summary>
    public async Task<bool> DeleteAsync(long userId, long snapshotId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var transaction = await database.BeginAsync(cancellationToken);
        var snapshot = await transaction.Connection.QuerySingleOrDefaultAsync<(int Region, int Seq)?>(new CommandDefinition(
            "SELECT region, seq FROM user_snapshots WHERE id = @Id AND user_id = @UserId",
            new { Id = snapshotId, UserId = userId }, transaction.Transaction, cancellationToken: cancellationToken));
        if (snapshot is not { } found)
        {
            return false;
        }

        await DeleteAsync(transaction, userId, (Region)found.Region, snapshotId, found.Seq, cancellationToken);
        await AuditRepository.AddAsync(transaction, actor, time.GetUtcNow(), "delete", "snapshot", Format(snapshotId),
            $$"""{"user_id":{{Format(userId)}},"region":{{found.Region}},"seq":{{found.Seq}}}""", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Deletes these snapshots of one user and region in one transaction (oldest first, each as <see cref="DeleteAsync(long, long, AuditActor, CancellationToken)"/>
    /// would), with one audit entry; returns how many went. Ids that are not the user's and region's are skipped.
    /// </summary>
    public async Task<int> DeleteManyAsync(long userId, Region region, IReadOnlyCollection<long> snapshotIds, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshotIds);
        ArgumentNullException.ThrowIfNull(actor);
        if (snapshotIds.Count == 0)
        {
            return 0;
        }

        await using var transaction = await database.BeginAsync(cancellationToken);
        var wanted = snapshotIds.ToHashSet();
        var rows = await transaction.Connection.QueryAsync<(long Id, int Seq)>(new CommandDefinition(
            "SELECT id, seq FROM user_snapshots WHERE user_id = @UserId AND region = @Region ORDER BY seq",
            new { UserId = userId, Region = (int)region }, transaction.Transaction, cancellationToken: cancellationToken));
        var deleted = 0;
        foreach (var (id, seq) in rows.Where(r => wanted.Contains(r.Id)))
        {
            await DeleteAsync(transaction, userId, region, id, seq, cancellationToken);
            deleted++;
        }

        await AuditRepository.AddAsync(transaction, actor, time.GetUtcNow(), "thin", "snapshots", $"{Format(userId)}/{region.ToString().ToLowerInvariant()}",
            $$"""{"deleted":{{deleted}}}""", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private static async Task DeleteAsync(StorageTransaction transaction, long userId, Region region, long snapshotId, int seq, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection;
        var key = new { UserId = userId, Region = (int)region, Id = snapshotId, Seq = seq };
        var next = await connection.QuerySingleOrDefaultAsync<(long Id, int Seq)?>(new CommandDefinition("""
            SELECT id, seq FROM user_snapshots WHERE user_id = @UserId AND region = @Region AND seq > @Seq ORDER BY seq LIMIT 1
            """, key, transaction.Transaction, cancellationToken: cancellationToken));
        if (next is { } after)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE user_scores SET snapshot_seq = @NextSeq, snapshot_id = @NextId
                WHERE snapshot_id = @Id AND user_id = @UserId AND region = @Region
                  AND NOT EXISTS (SELECT 1 FROM user_scores later
                                  WHERE later.user_id = @UserId AND later.region = @Region
                                    AND later.chart_id = user_scores.chart_id AND later.snapshot_seq = @NextSeq)
                """, new { key.UserId, key.Region, key.Id, NextSeq = after.Seq, NextId = after.Id }, transaction.Transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM user_scores WHERE snapshot_id = @Id AND user_id = @UserId;
            UPDATE fetch_sessions SET snapshot_id = NULL WHERE snapshot_id = @Id AND user_id = @UserId;
            DELETE FROM user_snapshots WHERE id = @Id AND user_id = @UserId
            """, key, transaction.Transaction, cancellationToken: cancellationToken));
        await ScoreListingKeys.SnapshotRemovedAsync(transaction, userId, region, seq, next?.Seq, cancellationToken);
    }

    private static string Format(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
