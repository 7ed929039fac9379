using Maimai.Core.Accounts;

namespace Maimai.Core.Fetching;

/// <summary>The admin's hand on fetches: one fetch in detail, and stopping one that is stuck (audited).</summary>
public interface IFetchAdmin
{
    /// <summary>The fetch with its player, the node that ran it and the entries it kept as warnings; null when there is none.</summary>
    Task<FetchDetail?> GetAsync(long fetchId, CancellationToken cancellationToken);

    /// <summary>
    /// Fails a pending or running fetch through its player's grain, so the run stops and nothing of it is saved, and
    /// records who did it and why in admin_audit. False when there is no such fetch or it has ended already.
    /// </summary>
    Task<bool> FailAsync(long fetchId, string reason, AuditActor actor, CancellationToken cancellationToken);
}

/// <summary>One fetch as the admin's detail page shows it.</summary>
public sealed record FetchDetail(FetchStatus Fetch, string DisplayName, string? NodeId, DateTimeOffset? HeartbeatAt, IReadOnlyList<StoredParseWarning> Warnings);

/// <summary>
/// An entry a fetch could not read and kept raw: where it came from, why, and its markup with every token and
/// session value cut out. <see cref="ReparsedBy"/> names the plugin build that read it later, if one did.
/// </summary>
public sealed record StoredParseWarning(
    long Id, long FetchId, long UserId, Game.Region Region, string PageKind, string PluginVersion, string Reason, string Fragment,
    DateTimeOffset CreatedAt, string? ReparsedBy);
