using Dapper;
using Maimai.Core.Fetching;
using Maimai.DxNetSimulator;
using Maimai.DxNetSimulator.Requests;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.AutoRefresh;
using Maimai.Silo.Tests.Api;
using Maimai.Silo.Tests.Fetching;
using Maimai.Silo.Tests.Hosting;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Silo.Tests.AutoRefresh;

/// <summary>The player's own auto-refresh interval: it sets how often the play count is polled, and the API checks it.</summary>
public sealed class AutoRefreshIntervalTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_stored_interval_sets_the_poll_cadence_on_the_fake_clock()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var config = new ConfigurationBuilder().Build();
        var node = await world.StartNodeAsync(services: services => services.AddAutoRefresh(config));
        Assert.Equal(Core.Fetching.FetchState.Completed, (await node.FetchToEndAsync(world.UserId, world.Region)).State);
        var schedules = node.Services.GetRequiredService<IAutoRefresh>();
        var grain = node.Services.GetRequiredService<IGrainFactory>().GetGrain<IAutoRefreshGrain>(world.UserId, "intl");
        await schedules.SetAsync(world.UserId, world.Region, true, TimeSpan.FromHours(1), CancellationToken.None).WaitAsync(Timeout);
        world.Simulator.Requests.Reset();

        // Ticks every 15 minutes for two hours: an hourly player is polled at 0, 60 and 120 minutes only.
        var polledAt = new List<int>();
        for (var minute = 0; minute <= 120; minute += 15)
        {
            var before = world.Simulator.Requests.Count(PageKind.PlayerData);
            await grain.ReceiveReminder(AutoRefreshGrain.ReminderName, default).WaitAsync(Timeout);
            if (world.Simulator.Requests.Count(PageKind.PlayerData) > before)
            {
                polledAt.Add(minute);
            }

            world.Clock.Advance(TimeSpan.FromMinutes(15));
        }

        Assert.Equal([0, 60, 120], polledAt);
        Assert.Equal(3, world.Simulator.Requests.Total);
        Assert.Equal(3_600_000, await ReminderPeriodAsync(world));

        // Chosen again, every 15 minutes: the reminder's period follows, and so does every tick's poll.
        await schedules.SetAsync(world.UserId, world.Region, true, TimeSpan.FromMinutes(15), CancellationToken.None).WaitAsync(Timeout);
        world.Simulator.Requests.Reset();
        for (var i = 0; i < 3; i++)
        {
            await grain.ReceiveReminder(AutoRefreshGrain.ReminderName, default).WaitAsync(Timeout);
            world.Clock.Advance(TimeSpan.FromMinutes(15));
        }

        Assert.Equal(3, world.Simulator.Requests.Count(PageKind.PlayerData));
        Assert.Equal(900_000, await ReminderPeriodAsync(world));
        Assert.Equal(TimeSpan.FromMinutes(15), (await schedules.GetAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout)).Interval);
    }

    [Fact]
    public async Task A_bad_interval_is_invalid_argument_naming_the_field_and_touches_only_the_callers_schedule()
    {
        await using var sim = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = CoreRegion.Intl, SongCount = 40, UtageCount = 1 }).WaitAsync(Timeout);
        await using var silo = await InProcessSilo.StartAsync(
            $"--Plugins:Intl:SiteBaseUrl={sim.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={sim.GatewayUrl}", "--Plugins:Intl:RequestGap=00:00:00").WaitAsync(Timeout);
        using var http = silo.Http2From("127.0.0.1");
        var alice = new ApiClient(http, silo.ApiToken);
        Assert.Equal(0, (await alice.CallAsync<SetDxNetTokenResponse>("/maimai.v1.AccountService/SetDxNetToken",
            new SetDxNetTokenRequest { Region = Region.Intl, Token = "userId=" + sim.Sessions.Current }).WaitAsync(Timeout)).Status);

        // Someone else's schedule, hourly; the API has no way to name another user, so Alice's calls reach only hers.
        const long bob = 987_654_321;
        var schedules = silo.Services.GetRequiredService<IAutoRefresh>();
        await schedules.SetAsync(bob, CoreRegion.Intl, false, TimeSpan.FromHours(1), CancellationToken.None).WaitAsync(Timeout);

        foreach (var minutes in new[] { -1, 5, 9, 1441, 100_000 })
        {
            var refused = await alice.CallAsync<SetAutoRefreshResponse>("/maimai.v1.AutoRefreshService/SetAutoRefresh",
                new SetAutoRefreshRequest { Region = Region.Intl, Enabled = true, IntervalMinutes = minutes }).WaitAsync(Timeout);
            Assert.Equal(3, refused.Status); // INVALID_ARGUMENT
            var violation = Assert.Single(refused.Detail<Google.Rpc.BadRequest>().FieldViolations);
            Assert.Equal("interval_minutes", violation.Field);
            Assert.DoesNotContain(silo.ApiToken, refused.Message ?? "", StringComparison.Ordinal);
        }

        var unchanged = (await alice.CallAsync<GetAutoRefreshResponse>("/maimai.v1.AutoRefreshService/GetAutoRefresh",
            new GetAutoRefreshRequest { Region = Region.Intl }).WaitAsync(Timeout)).Response.AutoRefresh;
        Assert.Equal((false, 30), (unchanged.Enabled, unchanged.IntervalMinutes));

        var set = await alice.CallAsync<SetAutoRefreshResponse>("/maimai.v1.AutoRefreshService/SetAutoRefresh",
            new SetAutoRefreshRequest { Region = Region.Intl, Enabled = true, IntervalMinutes = 180 }).WaitAsync(Timeout);
        Assert.Equal((true, 180), (set.Response.AutoRefresh.Enabled, set.Response.AutoRefresh.IntervalMinutes));
        var bobs = await schedules.GetAsync(bob, CoreRegion.Intl, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal((false, TimeSpan.FromHours(1)), (bobs.Enabled, bobs.Interval));
    }

    private static async Task<long> ReminderPeriodAsync(FetchWorld world)
    {
        await using var connection = await world.Database.OpenAsync().WaitAsync(Timeout);
        return await connection.QuerySingleAsync<long>("SELECT Period FROM OrleansRemindersTable WHERE ReminderName = 'auto-refresh'").WaitAsync(Timeout);
    }
}
