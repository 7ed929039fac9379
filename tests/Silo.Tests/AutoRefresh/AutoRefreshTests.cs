using Dapper;
using Maimai.Core.Fetching;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Silo.AutoRefresh;
using Maimai.Silo.Tests.Fetching;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.AutoRefresh;

/// <summary>
/// Auto-refresh on a real silo and PostgreSQL, against the simulator, on the world's fake clock. Ticks are delivered
/// as the reminder service delivers them (a ReceiveReminder call on the grain), so no test waits for real minutes.
/// </summary>
public sealed class AutoRefreshTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Quiet_polls_cost_one_request_each_and_start_no_fetch()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await StartAsync(world);
        Assert.Equal(FetchState.Completed, (await node.FetchToEndAsync(world.UserId, world.Region)).State);
        await EnableAsync(node, world);
        world.Simulator.Requests.Reset();

        for (var i = 0; i < 3; i++)
        {
            world.Clock.Advance(TimeSpan.FromMinutes(30));
            await TickAsync(node, world);
        }

        Assert.Equal(3, world.Simulator.Requests.Total);
        Assert.Equal(3, world.Simulator.Requests.Count(PageKind.PlayerData));
        Assert.Equal(1, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions WHERE user_id = @UserId"));
        var status = await StatusAsync(node, world);
        Assert.Equal(AutoRefreshOutcome.Unchanged, status.LastOutcome);
        Assert.Equal(world.Clock.GetUtcNow(), status.LastPollAt);
    }

    [Fact]
    public async Task A_new_play_starts_one_fetch_that_stores_a_new_snapshot()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await StartAsync(world);
        Assert.Equal(FetchState.Completed, (await node.FetchToEndAsync(world.UserId, world.Region)).State);
        await EnableAsync(node, world);
        world.Simulator.AddPlays(2);
        world.Clock.Advance(TimeSpan.FromMinutes(30));

        await TickAsync(node, world);

        var status = await StatusAsync(node, world);
        Assert.Equal(AutoRefreshOutcome.FetchStarted, status.LastOutcome);
        var fetchId = await LatestFetchIdAsync(world);
        Assert.Equal(FetchState.Completed, (await node.WatchToEndAsync(world.UserId, fetchId))[^1].State);
        Assert.Equal(2, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions WHERE user_id = @UserId"));
        Assert.Equal(2, await world.CountAsync("SELECT COUNT(*) FROM user_snapshots WHERE user_id = @UserId"));

        // The new snapshot holds the new count: the next poll finds nothing to do.
        world.Clock.Advance(TimeSpan.FromMinutes(30));
        world.Simulator.Requests.Reset();
        await TickAsync(node, world);
        Assert.Equal(AutoRefreshOutcome.Unchanged, (await StatusAsync(node, world)).LastOutcome);
        Assert.Equal(1, world.Simulator.Requests.Total);
    }

    [Fact]
    public async Task An_expired_token_pauses_with_the_reason_until_a_new_token_is_saved()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await StartAsync(world);
        await EnableAsync(node, world);
        world.Simulator.Sessions.ExpireAll();

        await TickAsync(node, world);
        var paused = await StatusAsync(node, world);
        Assert.True(paused.IsPaused);
        Assert.Equal(AutoRefreshOutcome.TokenExpired, paused.LastOutcome);
        Assert.Contains("refused", paused.PausedReason, StringComparison.Ordinal);
        Assert.True(paused.Enabled);
        Assert.NotNull((await node.Tokens.GetStatusAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout)).LastError);

        world.Simulator.Requests.Reset();
        for (var i = 0; i < 3; i++)
        {
            world.Clock.Advance(TimeSpan.FromMinutes(30));
            await TickAsync(node, world);
        }

        Assert.Equal(0, world.Simulator.Requests.Total);
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions WHERE user_id = @UserId"));

        // Saving a token the site accepts ends the pause; the next tick polls again.
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var saved = await node.Tokens.SetAsync(world.UserId, world.Region, "userId=" + world.Simulator.Sessions.Issue(), CancellationToken.None).WaitAsync(Timeout);
        Assert.True(saved.IsSaved, saved.Message);
        Assert.False((await StatusAsync(node, world)).IsPaused);
        world.Clock.Advance(TimeSpan.FromMinutes(30));
        await TickAsync(node, world); // no snapshot yet: the poll reads the count and starts the first fetch
        Assert.Equal(AutoRefreshOutcome.FetchStarted, (await StatusAsync(node, world)).LastOutcome);
        Assert.Equal(FetchState.Completed, (await node.WatchToEndAsync(world.UserId, await LatestFetchIdAsync(world)))[^1].State);
    }

    [Fact]
    public async Task The_maintenance_window_costs_no_request()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await StartAsync(world);
        await EnableAsync(node, world);
        world.Clock.Advance(TimeSpan.FromHours(16.5)); // 12:00 JST → 04:30 JST

        await TickAsync(node, world);

        Assert.Equal(0, world.Simulator.Requests.Total);
        var status = await StatusAsync(node, world);
        Assert.Equal(AutoRefreshOutcome.Maintenance, status.LastOutcome);
        Assert.False(status.IsPaused);
        Assert.Null(status.BackoffUntil);
    }

    [Fact]
    public async Task Site_errors_double_the_wait_and_send_nothing_until_it_ends()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await StartAsync(world);
        await EnableAsync(node, world);
        world.Simulator.Faults.Add(FaultRule.Repeated(FaultKind.ServiceUnavailable, 2, PageKind.PlayerData));

        await TickAsync(node, world);
        var first = await StatusAsync(node, world);
        Assert.Equal(AutoRefreshOutcome.SiteError, first.LastOutcome);
        Assert.Equal(world.Clock.GetUtcNow() + TimeSpan.FromMinutes(60), first.BackoffUntil);

        world.Simulator.Requests.Reset();
        world.Clock.Advance(TimeSpan.FromMinutes(30));
        await TickAsync(node, world); // inside the wait: nothing sent
        Assert.Equal(0, world.Simulator.Requests.Total);

        world.Clock.Advance(TimeSpan.FromMinutes(30));
        await TickAsync(node, world); // fails again: the wait doubles
        Assert.Equal(world.Clock.GetUtcNow() + TimeSpan.FromMinutes(120), (await StatusAsync(node, world)).BackoffUntil);

        world.Clock.Advance(TimeSpan.FromMinutes(120));
        await TickAsync(node, world); // the site is back: no snapshot yet, so a fetch starts and the wait is over
        var back = await StatusAsync(node, world);
        Assert.Equal(AutoRefreshOutcome.FetchStarted, back.LastOutcome);
        Assert.Null(back.BackoffUntil);
        Assert.Equal(FetchState.Completed, (await node.WatchToEndAsync(world.UserId, await LatestFetchIdAsync(world)))[^1].State);
    }

    [Fact]
    public async Task The_silo_cap_bounds_the_polls_that_run_at_once()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await StartAsync(world, new Dictionary<string, string?> { ["AutoRefresh:MaxConcurrentPolls"] = "1", ["AutoRefresh:SlotWait"] = "00:00:00" });
        var poller = node.Services.GetRequiredService<AutoRefreshPoller>();
        world.Simulator.Faults.Add(new FaultRule(FaultKind.SlowBody) { Page = PageKind.PlayerData, SlowBodyDuration = TimeSpan.FromSeconds(2) });

        // The first poll takes the one slot before it returns its task; the second finds none free and sends nothing.
        var first = poller.PollAsync(world.UserId, world.Region, CancellationToken.None);
        var second = await poller.PollAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout);
        Assert.IsType<PlayCountPoll.Skipped>(second);
        Assert.IsType<PlayCountPoll.Counted>(await first.WaitAsync(Timeout));
        Assert.Equal(1, world.Simulator.Requests.Count(PageKind.PlayerData));

        // The slot is free again.
        Assert.IsType<PlayCountPoll.Counted>(await poller.PollAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task The_schedule_survives_a_restart_of_every_silo_on_postgres()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var first = await StartAsync(world);
        await first.Services.GetRequiredService<IAutoRefresh>().SetAsync(world.UserId, world.Region, true, TimeSpan.FromMinutes(45), CancellationToken.None).WaitAsync(Timeout);
        await first.DisposeAsync();

        var second = await StartAsync(world, nodeId: "node-b");
        var status = await StatusAsync(second, world);
        Assert.True(status.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(45), status.Interval);
        await using var connection = await world.Database.OpenAsync().WaitAsync(Timeout);
        var (grainId, period) = await connection.QuerySingleAsync<(string, long)>("SELECT GrainId, Period FROM OrleansRemindersTable WHERE ReminderName = 'auto-refresh'").WaitAsync(Timeout);
        Assert.Equal(2_700_000, period);
        Assert.Equal($"autorefresh/{world.UserId}+intl", grainId); // the name account deletion removes

        // Turned off: the reminder is gone.
        await second.Services.GetRequiredService<IAutoRefresh>().SetAsync(world.UserId, world.Region, false, null, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM OrleansRemindersTable WHERE ReminderName = 'auto-refresh'").WaitAsync(Timeout));
    }

    private static Task<FetchTestNode> StartAsync(FetchWorld world, IDictionary<string, string?>? settings = null, string nodeId = "node-a")
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        return world.StartNodeAsync(nodeId, services => services.AddAutoRefresh(config), settings);
    }

    private static async Task EnableAsync(FetchTestNode node, FetchWorld world)
    {
        var change = await node.Services.GetRequiredService<IAutoRefresh>().SetAsync(world.UserId, world.Region, true, null, CancellationToken.None).WaitAsync(Timeout);
        Assert.True(Assert.IsType<AutoRefreshChange.Saved>(change).Status.Enabled);
    }

    private static Task TickAsync(FetchTestNode node, FetchWorld world) =>
        Grain(node, world).ReceiveReminder(AutoRefreshGrain.ReminderName, default).WaitAsync(Timeout);

    private static Task<AutoRefreshStatus> StatusAsync(FetchTestNode node, FetchWorld world) =>
        node.Services.GetRequiredService<IAutoRefresh>().GetAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout);

    private static IAutoRefreshGrain Grain(FetchTestNode node, FetchWorld world) =>
        node.Services.GetRequiredService<IGrainFactory>().GetGrain<IAutoRefreshGrain>(world.UserId, world.Region.ToString().ToLowerInvariant());

    private static async Task<long> LatestFetchIdAsync(FetchWorld world) =>
        await world.CountAsync("SELECT MAX(id) FROM fetch_sessions WHERE user_id = @UserId");
}
