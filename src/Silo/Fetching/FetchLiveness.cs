using Maimai.Silo.Storage.Fetches;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Maimai.Silo.Fetching;

/// <summary>
/// Whether a pending or running fetch still has a silo behind it: its owner must be a live cluster member (the
/// membership table, or localhost membership on SQLite, where a previous process's silo is simply unknown) and its
/// lease must be fresh (a live silo renews it every heartbeat, even while the fetch waits for a slot).
/// </summary>
internal sealed class FetchLiveness(IClusterMembershipService membership, IOptions<FetchOptions> options)
{
    /// <summary>The owner is dead or unknown, or the lease ran out; <paramref name="refresh"/> re-reads membership first.</summary>
    public async ValueTask<bool> IsLostAsync(FetchRow fetch, DateTimeOffset now, bool refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        if (now - (fetch.HeartbeatAt ?? fetch.CreatedAt) > options.Value.LeaseDuration)
        {
            return true;
        }

        if (Owner(fetch) is not { } owner)
        {
            return false; // no silo recorded (a row from before the cluster): only the lease can tell
        }

        if (Alive(owner))
        {
            return false;
        }

        // A silo that joined a moment ago may be missing from this silo's view: look again before calling it dead.
        if (refresh)
        {
            await membership.Refresh(cancellationToken: cancellationToken);
        }

        return !Alive(owner);
    }

    private static SiloAddress? Owner(FetchRow fetch)
    {
        try
        {
            return fetch.NodeId is { } id ? SiloAddress.FromParsableString(id) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private bool Alive(SiloAddress owner) => membership.CurrentSnapshot.GetSiloStatus(owner) is not (SiloStatus.Dead or SiloStatus.None);
}
