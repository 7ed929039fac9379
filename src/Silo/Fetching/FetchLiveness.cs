using Maimai.Silo.Storage.Fetches;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Maimai.Silo.Fetching;

/// <summary>
/// Whether a pending or running fetch still has a silo behind it. Its lease must be fresh (a live silo renews it
/// every heartbeat, even while the fetch waits for a slot), and Orleans must not know its owner dead: declared dead
/// in the membership, an earlier incarnation of a silo since restarted on the same address (how a single SQLite
/// silo finds its previous process's fetches at start), or a generation older than Orleans keeps. A detail phase
/// released at a shutdown (no owner) is lost at once. An owner it does
/// not know at all (a silo of another cluster on the same database) is left to its lease.
/// </summary>
internal sealed class FetchLiveness(IClusterMembershipService membership, IOptions<FetchOptions> options)
{
    /// <summary>The owner is gone or the lease ran out; <paramref name="refresh"/> re-reads membership before calling an owner gone.</summary>
    public async ValueTask<bool> IsLostAsync(FetchRow fetch, DateTimeOffset now, bool refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        if (now - (fetch.HeartbeatAt ?? fetch.CreatedAt) > options.Value.LeaseDuration)
        {
            return true;
        }

        // Released by a silo that shut down in its detail phase: no silo runs it; it waits to be resumed.
        if (fetch is { NodeId: null, SnapshotId: not null })
        {
            return true;
        }

        if (Owner(fetch) is not { } owner || !Gone(owner))
        {
            return false;
        }

        // A silo declared dead a moment ago may still be active in a stale view, and the reverse: look again first.
        if (refresh)
        {
            await membership.Refresh(cancellationToken: cancellationToken);
        }

        return Gone(owner);
    }

    private static SiloAddress? Owner(FetchRow fetch)
    {
        try
        {
            return fetch.NodeId is { } id ? SiloAddress.FromParsableString(id) : null;
        }
        catch (FormatException)
        {
            return null; // not a silo address (a row from before the cluster): only the lease can tell
        }
    }

    private bool Gone(SiloAddress owner) => membership.CurrentSnapshot.GetSiloStatus(owner) == SiloStatus.Dead;
}
