using Maimai.Core.Accounts;
using Maimai.Silo.Snapshots;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Time;

namespace Maimai.Silo.Accounts;

/// <summary>
/// <see cref="IAccountDeletion"/> over storage. A user with a fetch pending or running is not deleted (the caller is
/// told to try again when it ends): cancelling would race the fetch's own commit, and a fetch lasts minutes.
/// The user's UserRegion grain rows go with the account; an activation still in memory is never called again (no
/// token, no fetch, no caller left) and is collected when idle. This node's cached score sets of the user are
/// dropped; another silo's cache keeps them until it evicts them (SnapshotCache:MaxScores).
/// </summary>
public sealed class AccountErasure(
    UserDeletionRepository users,
    SnapshotRemoval snapshots,
    AuditRepository audit,
    SnapshotScoreCache cache,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time) : IAccountDeletion
{
    public async Task<bool> DeleteSnapshotAsync(long userId, long snapshotId, AuditActor actor, CancellationToken cancellationToken)
    {
        var deleted = await snapshots.DeleteAsync(userId, snapshotId, actor, cancellationToken);
        cache.RemoveUser(userId);
        return deleted;
    }

    public async Task<AccountDeletion> DeleteAccountAsync(long userId, AuditActor actor, CancellationToken cancellationToken)
    {
        var outcome = await users.DeleteAsync(userId, actor, time.GetUtcNow(), cancellationToken);
        cache.RemoveUser(userId);
        return outcome;
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(long? beforeId, int limit, CancellationToken cancellationToken) =>
        audit.ListAsync(beforeId, limit, cancellationToken);
}
