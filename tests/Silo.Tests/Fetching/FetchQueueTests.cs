using Maimai.Core.Fetching;
using Maimai.DxNetSimulator.Faults;
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
