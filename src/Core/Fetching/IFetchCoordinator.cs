using Maimai.Core.Game;

namespace Maimai.Core.Fetching;

/// <summary>
/// Starts and follows fetches. The API and the pages call this; the silo implements it with the
/// UserRegion grain, so at most one fetch per user and region runs across every node. Every call is
/// scoped to <c>userId</c>: another user's fetch id is simply not found.
/// </summary>
public interface IFetchCoordinator
{
    Task<StartFetchOutcome> StartFetchAsync(long userId, Region region, CancellationToken cancellationToken);

    /// <summary>The fetch, or null when it does not exist or is not this user's.</summary>
    Task<FetchStatus?> GetFetchAsync(long userId, long fetchId, CancellationToken cancellationToken);

    /// <summary>The user's fetches of a region, newest first, with ids below <paramref name="beforeId"/> when given.</summary>
    Task<IReadOnlyList<FetchStatus>> ListFetchesAsync(long userId, Region region, long? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The fetch now, then each change, ending after the terminal state. Null when the fetch does not exist
    /// or is not this user's. Progress may be coalesced: a watcher sees the latest state, not every step.
    /// </summary>
    Task<IAsyncEnumerable<FetchStatus>?> WatchFetchAsync(long userId, long fetchId, CancellationToken cancellationToken);
}
