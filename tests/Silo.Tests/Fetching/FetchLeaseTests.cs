using Dapper;
using Maimai.Core.Fetching;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// A node that dies mid-fetch stops heartbeating; after the lease any node fails its fetch as NODE_LOST, and
/// once the lost fetch's rate-limit minute is also over, a new fetch starts and completes.
/// </summary>
public sealed class FetchLeaseTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_fetch_whose_node_died_is_failed_as_node_lost_by_the_periodic_sweep_then_a_new_fetch_succeeds()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var a = await world.StartNodeAsync("node-a");
        var b = await world.StartNodeAsync("node-b");

        // A dead node's fetch: started 25 s ago (its minute runs 35 s more), last heartbeat then.
        var startedAt = world.Clock.GetUtcNow().AddSeconds(-25);
        long lostId;
        await using (var connection = await world.Database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30)))
        {
            lostId = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO fetch_sessions (user_id, region, state, stage, pages_done, pages_total, created_at, started_at, heartbeat_at, node_id)
                VALUES (@UserId, @Region, 'running', 'Scores', 3, 8, @At, @At, @At, 'dead-node') RETURNING id
                """, new { world.UserId, Region = (int)world.Region, At = startedAt });
            await connection.ExecuteAsync("INSERT INTO user_region_state (user_id, region, next_fetch_allowed_at, version) VALUES (@UserId, @Region, @Next, 1)",
                new { world.UserId, Region = (int)world.Region, Next = startedAt.AddMinutes(1) });
        }

        // While its lease holds, the dead node's fetch is the running one, on every node.
        var running = Assert.IsType<StartFetchOutcome.AlreadyRunning>(
            await b.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(lostId, running.Fetch.Id);
        Assert.Equal(0, await a.Sweeper.SweepAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        // 10 s on, the heartbeat is 35 s old, past the 30 s lease: the periodic sweep (every 10 s) fails it; a watcher on the other node sees it end.
        var watch = b.WatchToEndAsync(world.UserId, lostId);
        world.Clock.Advance(TimeSpan.FromSeconds(10.5));
        var end = (await watch)[^1];
        Assert.Equal(FetchState.Failed, end.State);
        Assert.Equal(FetchErrorCode.NodeLost, end.ErrorCode);
        Assert.Contains("node lost", end.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions WHERE error_code = 'NODE_LOST'"));

        // The lost fetch still holds its minute (decided: a lost fetch consumes it, like any start)...
        var limited = Assert.IsType<StartFetchOutcome.RateLimited>(
            await a.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(startedAt.AddMinutes(1), limited.NextAllowedAt);

        // ...and once it is over, a new fetch starts and completes.
        world.Clock.Advance(limited.RetryAfter);
        var next = await a.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(next.State == FetchState.Completed, $"{next.ErrorMessage}\n{a.Logs}");
    }

    [Fact]
    public async Task Two_nodes_sweeping_at_once_fail_each_lost_fetch_once()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var a = await world.StartNodeAsync("node-a");
        var b = await world.StartNodeAsync("node-b");
        await using (var connection = await world.Database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30)))
        {
            // One running with a stale heartbeat, one pending for as long (its node died before it began), one alive.
            var old = world.Clock.GetUtcNow().AddMinutes(-5);
            await connection.ExecuteAsync("""
                INSERT INTO users (discord_id, display_name, created_at) VALUES ('7', 'p7', @Old), ('8', 'p8', @Old);
                INSERT INTO fetch_sessions (user_id, region, state, pages_done, created_at, started_at, heartbeat_at, node_id)
                VALUES (@UserId, 1, 'running', 0, @Old, @Old, @Old, 'dead'),
                       ((SELECT id FROM users WHERE discord_id = '7'), 1, 'pending', 0, @Old, NULL, NULL, NULL),
                       ((SELECT id FROM users WHERE discord_id = '8'), 1, 'running', 0, @Old, @Old, @Now, 'alive');
                """, new { world.UserId, Old = old, Now = world.Clock.GetUtcNow() });
        }

        var swept = await Task.WhenAll(a.Sweeper.SweepAsync(CancellationToken.None), b.Sweeper.SweepAsync(CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(swept.Sum() >= 2, $"the sweeps asked {swept.Sum()} grains");
        Assert.Equal(2, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions WHERE state = 'failed' AND error_code = 'NODE_LOST'"));
        Assert.Equal(1, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions WHERE state = 'running' AND node_id = 'alive'"));
    }
}
