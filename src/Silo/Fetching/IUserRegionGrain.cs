using Maimai.Core.Fetching;
using Orleans.Concurrency;

namespace Maimai.Silo.Fetching;

/// <summary>
/// One player on one region's site (key: the user id, extended with the region's name): owns that pair's fetch
/// lifecycle and rate limit, on whichever silo Orleans activates it.
/// </summary>
public interface IUserRegionGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>Starts a fetch, or returns the one pending or running, or says why not (rate limit, no token, no plugin).</summary>
    Task<StartFetchOutcome> StartFetchAsync();

    /// <summary>
    /// The fetch now, then each change until it ends: live when it runs in this activation; otherwise from its row,
    /// after settling it (a fetch whose silo is gone ends as NODE_LOST), re-read when this activation settles it or
    /// every Fetching:WatchPollInterval. Orleans runs an enumeration's calls interleaved with the grain's turns.
    /// </summary>
    IAsyncEnumerable<FetchStatus> WatchFetchAsync(long fetchId);

    /// <summary>Fails the fetch as NODE_LOST when no live silo runs it any more; otherwise does nothing.</summary>
    Task SettleAsync(long fetchId);

    /// <summary>
    /// An admin stops a pending or running fetch: its row is failed at once (so it can commit nothing: the commit
    /// only completes a running row), watchers on this activation get the failure now, and the run itself ends at its
    /// next heartbeat, when it finds the row no longer running. False when the fetch is not this pair's or has ended.
    /// </summary>
    Task<bool> FailFetchAsync(long fetchId, string message);

    /// <summary>The run of <paramref name="fetchId"/> ended on this activation's silo: record what it learned.</summary>
    [OneWay]
    Task EndFetchAsync(long fetchId);
}
