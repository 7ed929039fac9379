using System.Runtime.CompilerServices;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Silo.Grains;
using Maimai.Silo.Storage;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Fetching;

/// <summary>
/// The silo's <see cref="IFetchCoordinator"/>: starts go through the <see cref="UserRegionGrain"/>, reads come
/// from the fetch rows scoped by user, and watches from the <see cref="FetchProgressHub"/>.
/// </summary>
public sealed class FetchCoordinator(IGrainFactory grains, FetchStore store, FetchProgressHub hub, IOptions<FetchOptions> options, TimeProvider time)
    : IFetchCoordinator
{
    public Task<StartFetchOutcome> StartFetchAsync(long userId, Region region, CancellationToken cancellationToken) =>
        grains.GetGrain<UserRegionGrain, UserRegionKey>(new UserRegionKey(userId, region))
            .InvokeAsync((grain, token) => grain.StartFetchAsync(token), cancellationToken: cancellationToken);

    public Task<FetchStatus?> GetFetchAsync(long userId, long fetchId, CancellationToken cancellationToken) =>
        store.GetAsync(userId, fetchId, cancellationToken);

    public Task<IReadOnlyList<FetchStatus>> ListFetchesAsync(long userId, Region region, long? beforeId, int limit, CancellationToken cancellationToken) =>
        store.ListAsync(userId, region, beforeId, limit, cancellationToken);

    public async Task<IAsyncEnumerable<FetchStatus>?> WatchFetchAsync(long userId, long fetchId, CancellationToken cancellationToken)
    {
        // Subscribe first, then read: a change between the two is not lost.
        var subscription = hub.Subscribe(fetchId);
        try
        {
            var current = await store.GetAsync(userId, fetchId, cancellationToken);
            if (current is null)
            {
                subscription.Dispose();
                return null;
            }

            return StreamAsync(userId, current, subscription, cancellationToken);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
    }

    private async IAsyncEnumerable<FetchStatus> StreamAsync(long userId, FetchStatus current, FetchSubscription subscription,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var _ = subscription;
        var last = current;
        yield return current;
        while (!last.IsTerminal)
        {
            FetchStatus? next;
            using (var poll = new CancellationTokenSource(options.Value.WatchPollInterval, time))
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, poll.Token))
            {
                try
                {
                    next = await subscription.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // No news for a while: a notification may have been lost (database restart); look ourselves.
                    try
                    {
                        next = await store.GetAsync(userId, current.Id, cancellationToken);
                    }
                    catch (Exception e) when (StorageFailures.IsTransient(e))
                    {
                        // The database is away (restarting): the fetch's end is still to come; look again next time.
                        continue;
                    }
                }
            }

            if (next is null)
            {
                yield break; // the user's data was deleted meanwhile
            }

            // Changes arrive from the pump and from re-reads after notifications; never step back in progress.
            var stale = !next.IsTerminal && next.State == last.State && next.PagesDone < last.PagesDone;
            if (next != last && next.UserId == userId && !stale)
            {
                last = next;
                yield return next;
            }
        }
    }
}
