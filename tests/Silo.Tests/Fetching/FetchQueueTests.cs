using Maimai.Core.Fetching;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Silo.Fetching;
using Maimai.Silo.Storage.Users;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// A node runs at most Fetching:MaxConcurrentFetches fetches at once; the rest wait pending, in order, with their
/// lease renewed, so no sweeper takes a queued fetch for lost. (Unbounded, 500 fetches at once exhausted the
/// connection pool and the node failed its own fetches as NODE_LOST: bench/results/api.md.)
/// </summary>
public sealed class FetchQueueTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly Dictionary<string, string?> OneAtATime = new() { ["Fetching:MaxConcurrentFetches"] = "1" };
    private static readonly Dictionary<string, string?> OneOfEach = new() { ["Fetching:MaxConcurrentFetches"] = "1", ["Fetching:MaxConcurrentDetails"] = "1" };

    [Fact]
    public async Task Past_the_cap_fetches_wait_pending_and_then_all_complete()
    {
        await using var world = await CreateWorldAsync();
        var node = await world.StartNodeAsync(settings: OneAtATime);
        long[] users = [world.UserId, .. await AddUsersAsync(world, node, 2)];
        SlowFirstPage(world);
        var fetches = await StartAllAsync(world, node, users);

        await AnyRunningAsync(node, fetches);
        Assert.Equal(1, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions WHERE state = 'running'"));
        Assert.Equal(2, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions WHERE state = 'pending'"));

        foreach (var (user, fetch) in fetches)
        {
            var end = (await node.WatchToEndAsync(user, fetch.Id, TimeSpan.FromSeconds(90)))[^1];
            Assert.True(end.State == FetchState.Completed, $"fetch {fetch.Id}: {end.State} {end.ErrorMessage}\n{node.Logs}");
        }

        Assert.Equal(3, await world.CountAsync("SELECT COUNT(*) FROM user_snapshots"));
    }

    [Fact]
    public async Task A_queued_fetch_keeps_its_lease_past_the_lease_duration_and_completes()
    {
        await using var world = await CreateWorldAsync();
        var node = await world.StartNodeAsync(settings: OneAtATime);
        long[] users = [world.UserId, .. await AddUsersAsync(world, node, 1)];
        SlowFirstPage(world);
        var fetches = await StartAllAsync(world, node, users);
        var running = await AnyRunningAsync(node, fetches);
        var (queuedUser, queued) = fetches.Single(f => f.Fetch.Id != running);

        // 25 s on, the queue renews its lease; 10 s later its row is 35 s old, past the 30 s lease, but renewed 10 s ago.
        world.Clock.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal(1, await node.Services.GetRequiredService<FetchRunner>().HeartbeatQueuedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        world.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await node.Sweeper.SweepAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        var end = (await node.WatchToEndAsync(queuedUser, queued.Id, TimeSpan.FromSeconds(90)))[^1];
        Assert.True(end.State == FetchState.Completed, $"{end.State} {end.ErrorCode} {end.ErrorMessage}\n{node.Logs}");
    }

    [Fact]
    public async Task A_snapshot_does_not_wait_behind_another_players_detail_phase_and_the_details_take_turns()
    {
        await using var world = await CreateWorldAsync();
        var node = await world.StartNodeAsync(settings: OneOfEach);
        var other = (await AddUsersAsync(world, node, 1))[0];

        // The first player's detail phase is slow: each song page takes half a second.
        world.Simulator.Faults.Add(FaultRule.Repeated(FaultKind.SlowBody, 10_000, PageKind.MusicDetail) with { SlowBodyDuration = TimeSpan.FromMilliseconds(500) });
        var (_, first) = (await StartAllAsync(world, node, [world.UserId]))[0];
        await UntilAsync(node, world.UserId, first.Id, f => f.SnapshotId is not null && f.DetailDone >= 1, "the first fetch reading its detail");

        // The other player's fetch takes the snapshot slot the first gave back, stores its snapshot while the first
        // still reads its detail, then waits for the one detail slot, running, its lease renewed.
        var (_, second) = (await StartAllAsync(world, node, [other]))[0];
        var stored = await UntilAsync(node, other, second.Id, f => f.SnapshotId is not null, "the second fetch's snapshot");
        var firstNow = await GetAsync(node, world.UserId, first.Id);
        Assert.True(firstNow.State == FetchState.Running && firstNow.DetailDone < firstNow.DetailTotal,
            $"the first fetch was {firstNow.State} at {firstNow.DetailDone}/{firstNow.DetailTotal} detail pages when the second's snapshot was stored");
        Assert.Equal(0, stored.DetailDone);

        // One detail slot: two seconds on (four slow song pages), the second has read none while the first reads on.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (firstLater, secondLater) = (await GetAsync(node, world.UserId, first.Id), await GetAsync(node, other, second.Id));
        Assert.True(firstLater.State == FetchState.Running, $"the first fetch ended ({firstLater.State}) within 2 s of slow song pages");
        Assert.True(secondLater is { State: FetchState.Running, DetailDone: 0 }, $"the second fetch was {secondLater.State} at {secondLater.DetailDone} detail pages beside the first");

        world.Simulator.Faults.Clear();
        var firstEnd = (await node.WatchToEndAsync(world.UserId, first.Id, TimeSpan.FromSeconds(90)))[^1];
        var secondEnd = (await node.WatchToEndAsync(other, second.Id, TimeSpan.FromSeconds(90)))[^1];
        Assert.True(firstEnd.State == FetchState.Completed, $"{firstEnd.State} {firstEnd.ErrorMessage}\n{node.Logs}");
        Assert.True(secondEnd.State == FetchState.Completed, $"{secondEnd.State} {secondEnd.ErrorMessage}\n{node.Logs}");
        Assert.Equal(secondEnd.DetailTotal, secondEnd.DetailDone);
    }

    // A small catalog, and sessions that stay valid when another user's fetch rotates the cookie (several users, one simulated player).
    private async Task<FetchWorld> CreateWorldAsync()
    {
        return await FetchWorld.CreateAsync(postgres, o => (o.SongCount, o.StrictSessions) = (40, false));
    }

    // Once the tokens are saved (each save sends the site one request): the first page any fetch asks for arrives
    // over 5 s, so the first fetch is still running while the others are counted.
    private static void SlowFirstPage(FetchWorld world) =>
        world.Simulator.Faults.Add(new FaultRule(FaultKind.SlowBody) { SlowBodyDuration = TimeSpan.FromSeconds(5) });

    private static async Task<List<long>> AddUsersAsync(FetchWorld world, FetchTestNode node, int count)
    {
        var users = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var user = await new UserRepository(world.Database).UpsertByDiscordIdAsync($"queue-{i}", $"player {i}", FetchWorld.Start).WaitAsync(TimeSpan.FromSeconds(30));
            var saved = await node.Tokens.SetAsync(user.Id, world.Region, "userId=" + world.Simulator.Sessions.Issue(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(saved.IsSaved, saved.Message);
            users.Add(user.Id);
        }

        return users;
    }

    private static async Task<List<(long User, FetchStatus Fetch)>> StartAllAsync(FetchWorld world, FetchTestNode node, long[] users)
    {
        var outcomes = await Task.WhenAll(users.Select(u => node.Coordinator.StartFetchAsync(u, world.Region, CancellationToken.None)))
            .WaitAsync(TimeSpan.FromSeconds(30));
        return [.. users.Zip(outcomes, (u, o) => (u, Assert.IsType<StartFetchOutcome.Started>(o).Fetch))];
    }

    private static async Task<FetchStatus> GetAsync(FetchTestNode node, long user, long fetchId) =>
        (await node.Coordinator.GetFetchAsync(user, fetchId, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)))!;

    /// <summary>Follows the fetch until <paramref name="reached"/> holds; that status.</summary>
    private static async Task<FetchStatus> UntilAsync(FetchTestNode node, long user, long fetchId, Func<FetchStatus, bool> reached, string what)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stream = await node.Coordinator.WatchFetchAsync(user, fetchId, cancel.Token).WaitAsync(TimeSpan.FromSeconds(30));
        await foreach (var status in stream!.WithCancellation(cancel.Token))
        {
            if (reached(status))
            {
                return status;
            }

            Assert.False(status.IsTerminal, $"fetch {fetchId} ended {status.State} {status.ErrorMessage} before {what}\n{node.Logs}");
        }

        throw new TimeoutException($"fetch {fetchId}: no {what}");
    }

    /// <summary>Follows every fetch until one of them is running; that fetch's id.</summary>
    private static async Task<long> AnyRunningAsync(FetchTestNode node, List<(long User, FetchStatus Fetch)> fetches)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = await Task.WhenAny(fetches.Select(async f =>
        {
            var stream = await node.Coordinator.WatchFetchAsync(f.User, f.Fetch.Id, cancel.Token);
            await foreach (var status in stream!.WithCancellation(cancel.Token))
            {
                if (status.State == FetchState.Running)
                {
                    return f.Fetch.Id;
                }
            }

            return -1L;
        }));
        var id = await first;
        await cancel.CancelAsync();
        Assert.NotEqual(-1L, id);
        return id;
    }
}
