using Maimai.Core.Fetching;
using Orleans.Concurrency;

namespace Maimai.Silo.Fetching;

/// <summary>
/// One player on one region's site (key: the user id, extended with the region's name): owns that pair's fetch
/// lifecycle and rate limit, on whichever silo Orleans activates it.
/// </summary>
public interface IUserRegionGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>
    /// Starts a fetch, or returns the one pending or running, or says why not (rate limit, no token, no plugin). A
    /// fetch in its detail phase on this activation gives way when a new start is allowed: it stops after the page in
    /// flight is stored and completes, and the new fetch takes the snapshot first and then the queue.
    /// </summary>
    Task<StartFetchOutcome> StartFetchAsync();

    /// <summary>
    /// The fetch now, then each change until it ends: live when it runs in this activation; otherwise from its row,
    /// after settling it (a fetch whose silo is gone ends as NODE_LOST), re-read when this activation settles it or
    /// every Fetching:WatchPollInterval. Orleans runs an enumeration's calls interleaved with the grain's turns.
    /// </summary>
    IAsyncEnumerable<FetchStatus> WatchFetchAsync(long fetchId);

    /// <summary>
    /// When no live silo runs the fetch any more: resumes it here if it was in its detail phase (once the rate limit
    /// allows; until then it stays running, waiting), else fails it as NODE_LOST. Otherwise does nothing.
    /// </summary>
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
