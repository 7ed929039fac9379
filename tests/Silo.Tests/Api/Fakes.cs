using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Maimai.Core.Fetching;
using Maimai.Core.Game;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// A test double of our own fetch seam until the fetch part lands: fetches kept in memory, scoped by user as the
/// real coordinator is. <see cref="NextOutcome"/> makes StartFetch answer with a refusal.
/// </summary>
public sealed class FakeFetchCoordinator : IFetchCoordinator
{
    private readonly ConcurrentDictionary<long, FetchStatus> _fetches = new();
    private long _nextId = 1000;

    public StartFetchOutcome? NextOutcome { get; set; }

    /// <summary>Events WatchFetch yields after the current state, per fetch id.</summary>
    public ConcurrentDictionary<long, FetchStatus[]> Progress { get; } = new();

    public FetchStatus Add(long userId, Region region, FetchState state, long? snapshotId = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var status = new FetchStatus(id, userId, region, state, state == FetchState.Running ? FetchStage.Scores : FetchStage.Done, 3, 10,
            DateTimeOffset.UnixEpoch.AddSeconds(id), null, null, snapshotId, FetchErrorCode.None, null);
        _fetches[id] = status;
        return status;
    }

    public Task<StartFetchOutcome> StartFetchAsync(long userId, Region region, CancellationToken cancellationToken)
    {
        if (NextOutcome is { } outcome)
        {
            return Task.FromResult(outcome);
        }

        var running = _fetches.Values.FirstOrDefault(f => f.UserId == userId && f.Region == region && !f.IsTerminal);
        return Task.FromResult<StartFetchOutcome>(running is not null
            ? new StartFetchOutcome.AlreadyRunning(running)
            : new StartFetchOutcome.Started(Add(userId, region, FetchState.Pending)));
    }

    public Task<FetchStatus?> GetFetchAsync(long userId, long fetchId, CancellationToken cancellationToken) =>
        Task.FromResult(_fetches.TryGetValue(fetchId, out var f) && f.UserId == userId ? f : null);

    public Task<IReadOnlyList<FetchStatus>> ListFetchesAsync(long userId, Region region, long? beforeId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FetchStatus>>([.. _fetches.Values
            .Where(f => f.UserId == userId && f.Region == region && f.Id < (beforeId ?? long.MaxValue))
            .OrderByDescending(f => f.Id).Take(limit)]);

    public async Task<IAsyncEnumerable<FetchStatus>?> WatchFetchAsync(long userId, long fetchId, CancellationToken cancellationToken)
    {
        var current = await GetFetchAsync(userId, fetchId, cancellationToken);
        return current is null ? null : Events(current, Progress.GetValueOrDefault(fetchId) ?? [], cancellationToken);
    }

    private static async IAsyncEnumerable<FetchStatus> Events(FetchStatus current, FetchStatus[] progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return current;
        foreach (var status in progress)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return status;
        }
    }
}

/// <summary>Auto-refresh schedules kept in memory per user and region, so the API's scoping by caller can be seen.</summary>
public sealed class FakeAutoRefresh : IAutoRefresh
{
    private readonly ConcurrentDictionary<(long UserId, Region Region), AutoRefreshStatus> _schedules = new();

    public Task<AutoRefreshStatus> GetAsync(long userId, Region region, CancellationToken cancellationToken) =>
        Task.FromResult(_schedules.GetValueOrDefault((userId, region)) ?? Off);

    public Task<AutoRefreshChange> SetAsync(long userId, Region region, bool enabled, TimeSpan? interval, CancellationToken cancellationToken)
    {
        var status = _schedules.AddOrUpdate((userId, region),
            _ => Off with { Enabled = enabled, Interval = interval ?? Off.Interval },
            (_, old) => old with { Enabled = enabled, Interval = interval ?? old.Interval });
        return Task.FromResult<AutoRefreshChange>(new AutoRefreshChange.Saved(status));
    }

    private static AutoRefreshStatus Off => new(false, TimeSpan.FromMinutes(30), null, null, null, null, null);
}
