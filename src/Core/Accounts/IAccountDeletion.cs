namespace Maimai.Core.Accounts;

/// <summary>
/// Deleting what a user owns: one snapshot (its score versions that later snapshots still read are kept), or the
/// whole account. Every deletion writes an audit entry, which outlives the user it names.
/// </summary>
public interface IAccountDeletion
{
    /// <summary>Deletes one of the user's snapshots; false when it is not theirs.</summary>
    Task<bool> DeleteSnapshotAsync(long userId, long snapshotId, AuditActor actor, CancellationToken cancellationToken);

    /// <summary>Deletes the user with every row that belongs to them.</summary>
    Task<AccountDeletion> DeleteAccountAsync(long userId, AuditActor actor, CancellationToken cancellationToken);

    /// <summary>Audit entries, newest first, with ids below <paramref name="beforeId"/> when given.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(long? beforeId, int limit, CancellationToken cancellationToken);
}

/// <summary>How an account deletion ended.</summary>
public enum AccountDeletion
{
    Deleted,
    NotFound,

    /// <summary>A fetch of the user's is pending or running: nothing was deleted; try again when it ends.</summary>
    FetchRunning,
}

/// <summary>Who deleted: a user on their own data, an admin, the CLI or the retention policy.</summary>
public sealed record AuditActor(string Kind, long? UserId)
{
    public static AuditActor Cli { get; } = new("cli", null);

    public static AuditActor Retention { get; } = new("retention", null);

    public static AuditActor User(long userId) => new("user", userId);

    public static AuditActor Admin(long userId) => new("admin", userId);
}

/// <summary>One audited action: never a secret, only ids and counts.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, AuditActor Actor, string Action, string Entity, string EntityId, string? Detail);
