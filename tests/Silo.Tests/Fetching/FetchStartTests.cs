using Maimai.Core.Fetching;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// Who gets a fetch: one of 1,000 concurrent starts, one across two nodes on one database, and none inside
/// the rate limit (with the right retry time on the fake clock).
/// </summary>
public sealed class FetchStartTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_thousand_concurrent_starts_start_exactly_one_fetch()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ =>
            Task.Run(() => node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None)))).WaitAsync(TimeSpan.FromSeconds(60));

        var started = Assert.Single(outcomes.OfType<StartFetchOutcome.Started>());
        Assert.All(outcomes.Where(o => o is not StartFetchOutcome.Started), o => Assert.True(
            o is StartFetchOutcome.AlreadyRunning { Fetch.Id: var id } ? id == started.Fetch.Id : o is StartFetchOutcome.RateLimited, o.ToString()));
        var end = (await node.WatchToEndAsync(world.UserId, started.Fetch.Id))[^1];
        Assert.Equal(FetchState.Completed, end.State);
        Assert.Equal(1, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions"));
        Assert.Equal(1, await world.CountAsync("SELECT COUNT(*) FROM user_snapshots"));
    }

    [Fact]
    public async Task A_second_start_within_the_minute_is_rate_limited_until_the_minute_is_over()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var first = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.Equal(FetchState.Completed, first.State);

        world.Clock.Advance(TimeSpan.FromSeconds(20));
        var limited = Assert.IsType<StartFetchOutcome.RateLimited>(
            await node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(FetchWorld.Start.AddMinutes(1), limited.NextAllowedAt);
        Assert.Equal(TimeSpan.FromSeconds(40), limited.RetryAfter);

        world.Clock.Advance(TimeSpan.FromSeconds(39));
        var stillLimited = Assert.IsType<StartFetchOutcome.RateLimited>(
            await node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(1), stillLimited.RetryAfter);

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.Equal(FetchState.Completed, second.State);
        Assert.Equal(2, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions"));
    }

    [Fact]
    public async Task Without_a_token_nothing_starts_and_the_rate_limit_is_not_spent()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        Assert.True(await node.Tokens.DeleteAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.IsType<StartFetchOutcome.TokenNotSet>(
            await node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM user_region_state"));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions"));
    }

    [Fact]
    public async Task Two_nodes_on_one_database_start_exactly_one_fetch_between_them()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var a = await world.StartNodeAsync("node-a");
        var b = await world.StartNodeAsync("node-b");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => (i % 2 == 0 ? a : b).Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None)))).WaitAsync(TimeSpan.FromSeconds(60));

        var started = Assert.Single(outcomes.OfType<StartFetchOutcome.Started>());
        Assert.All(outcomes.Where(o => o is not StartFetchOutcome.Started), o => Assert.True(
            o is StartFetchOutcome.AlreadyRunning { Fetch.Id: var id } ? id == started.Fetch.Id : o is StartFetchOutcome.RateLimited, o.ToString()));
        var end = (await a.WatchToEndAsync(world.UserId, started.Fetch.Id))[^1];
        Assert.Equal(FetchState.Completed, end.State);
        Assert.Equal(1, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions"));
    }
}
