using System.Runtime.CompilerServices;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Time;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Fetching;

/// <summary>
/// The silo's <see cref="IFetchCoordinator"/>: starts and watches go through the player's <see cref="IUserRegionGrain"/>
/// on whichever silo holds it; reads come from the fetch rows, scoped by user.
/// </summary>
public sealed class FetchCoordinator(IGrainFactory grains, FetchRepository fetches, IOptions<FetchOptions> options,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time) : IFetchCoordinator
{
    public Task<StartFetchOutcome> StartFetchAsync(long userId, Region region, CancellationToken cancellationToken) =>
        Grain(userId, region).StartFetchAsync().WaitAsync(cancellationToken);

    public async Task<FetchStatus?> GetFetchAsync(long userId, long fetchId, CancellationToken cancellationToken) =>
        (await fetches.GetAsync(userId, fetchId, cancellationToken))?.ToStatus();

    public async Task<IReadOnlyList<FetchStatus>> ListFetchesAsync(long userId, Region region, long? beforeId, int limit, CancellationToken cancellationToken) =>
        [.. (await fetches.ListAsync(userId, region, beforeId, limit, cancellationToken)).Select(f => f.ToStatus())];

    public async Task<IAsyncEnumerable<FetchStatus>?> WatchFetchAsync(long userId, long fetchId, CancellationToken cancellationToken)
    {
        var current = (await fetches.GetAsync(userId, fetchId, cancellationToken))?.ToStatus();
        return current is null ? null : StreamAsync(current, cancellationToken);
    }

    /// <summary>The grain's live stream while its silo runs the fetch; the row, re-read every poll interval, otherwise.</summary>
    private async IAsyncEnumerable<FetchStatus> StreamAsync(FetchStatus current, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = current;
        yield return current;
        while (!last.IsTerminal)
        {
            var live = Grain(current.UserId, current.Region).WatchFetchAsync(current.Id).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (await NextAsync(live, cancellationToken) is { } status)
                {
                    if (Advances(last, status))
                    {
                        last = status;
                        yield return status;
                    }

                    if (last.IsTerminal)
                    {
                        yield break;
                    }
                }
            }
            finally
            {
                await CloseAsync(live);
            }

            await Task.Delay(options.Value.WatchPollInterval, time, cancellationToken);
            if (await ReadAsync(current, cancellationToken) is { } row && Advances(last, row))
            {
                last = row;
                yield return row;
            }
        }
    }

    /// <summary>The grain's next status, or null when its stream ended or broke (its silo went away mid-stream).</summary>
    private static async Task<FetchStatus?> NextAsync(IAsyncEnumerator<FetchStatus> live, CancellationToken cancellationToken)
    {
        try
        {
            return await live.MoveNextAsync() ? live.Current : null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task CloseAsync(IAsyncEnumerator<FetchStatus> live)
    {
        try
        {
            await live.DisposeAsync();
        }
#pragma warning disable CA1031 // Ending a stream whose silo is gone fails too; there is nothing left to end.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async Task<FetchStatus?> ReadAsync(FetchStatus fetch, CancellationToken cancellationToken)
    {
        try
        {
            return (await fetches.GetAsync(fetch.UserId, fetch.Id, cancellationToken))?.ToStatus();
        }
        catch (Exception e) when (StorageFailures.IsTransient(e))
        {
            return null; // the database is away (restarting): the fetch's end is still to come; look again next time
        }
    }

    // Changes arrive live and from re-reads; a watcher never sees progress step back.
    private static bool Advances(FetchStatus last, FetchStatus next) =>
        next != last && !(!next.IsTerminal && next.State == last.State && next.PagesDone < last.PagesDone);

    private IUserRegionGrain Grain(long userId, Region region) => grains.GetGrain<IUserRegionGrain>(userId, region.ToName());
}
