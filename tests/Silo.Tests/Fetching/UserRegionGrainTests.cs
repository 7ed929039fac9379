using Dapper;
using Maimai.Core.Fetching;
using Maimai.DxNetSimulator;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Fetching;
using Maimai.Silo.Tests.Api;
using Maimai.Silo.Tests.Hosting;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using CoreRegion = Maimai.Core.Game.Region;
using FetchState = Maimai.Core.Fetching.FetchState;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// The grain's persisted state and the database's own guards: the rate limit outlives every silo, on both
/// providers; and two activations of one grain at once (two clusters on one database, the way a membership change
/// can briefly leave two) still start one fetch, spend the rate limit once, and settle their state by re-reading
/// on the ETag conflict.
/// </summary>
public sealed class UserRegionGrainTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_activations_of_one_grain_start_one_fetch_and_spend_the_rate_limit_once()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var a = await world.StartNodeAsync("node-a");
        var b = await world.StartNodeAsync("node-b", settings: new Dictionary<string, string?> { ["Cluster:ClusterId"] = world.ClusterId + "-other" });

        // Each cluster activates its own copy of the grain, and both read the same (empty) persisted state.
        foreach (var node in new[] { a, b })
        {
            await node.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserRegionGrain>(world.UserId, "intl").SettleAsync(-1).WaitAsync(Timeout);
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? a : b).Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None))).WaitAsync(Timeout);

        var started = Assert.Single(outcomes.OfType<StartFetchOutcome.Started>());
        Assert.All(outcomes, o => Assert.True(
            o is StartFetchOutcome.Started || o is StartFetchOutcome.AlreadyRunning r && r.Fetch.Id == started.Fetch.Id || o is StartFetchOutcome.RateLimited, o.ToString()));
        Assert.Equal(1, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions WHERE user_id = @UserId"));
        Assert.Equal(1, await world.CountAsync("SELECT version FROM user_region_state WHERE user_id = @UserId"));

        // The activation that wrote second met the other's write, re-read it and wrote again: one state row, moved twice or more.
        Assert.Contains(a.Logs.Lines.Concat(b.Logs.Lines), l => l.Contains("another activation wrote the grain state first", StringComparison.Ordinal));
        Assert.True(await world.CountAsync("SELECT MAX(Version) FROM OrleansStorage") >= 2);

        // Watched from the silo that runs it (the other cluster's silo knows it only through the row).
        await using (var connection = await world.Database.OpenAsync().WaitAsync(Timeout))
        {
            var owner = await connection.ExecuteScalarAsync<string>("SELECT node_id FROM fetch_sessions WHERE id = @Id", new { started.Fetch.Id });
            var runner = owner == a.SiloId ? a : b;
            var end = (await runner.WatchToEndAsync(world.UserId, started.Fetch.Id))[^1];
            Assert.True(end.State == FetchState.Completed, $"{end.ErrorMessage}\n{runner.Logs}");
        }
    }

    [Fact]
    public async Task The_rate_limit_outlives_a_restart_of_every_silo_on_postgres()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var a = await world.StartNodeAsync("node-a");
        var b = await world.StartNodeAsync("node-b");
        var first = await a.FetchToEndAsync(world.UserId, world.Region);
        Assert.Equal(FetchState.Completed, first.State);
        await a.DisposeAsync();
        await b.DisposeAsync();

        var c = await world.StartNodeAsync("node-c");
        var d = await world.StartNodeAsync("node-d");
        world.Clock.Advance(TimeSpan.FromSeconds(30));
        foreach (var node in new[] { c, d })
        {
            var limited = Assert.IsType<StartFetchOutcome.RateLimited>(
                await node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout));
            Assert.Equal(first.CreatedAt.AddMinutes(1), limited.NextAllowedAt);
        }

        world.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.IsType<StartFetchOutcome.Started>(await d.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task The_rate_limit_outlives_a_restart_of_the_silo_on_sqlite()
    {
        await using var sim = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = CoreRegion.Intl, SongCount = 40, UtageCount = 1 }).WaitAsync(Timeout);
        var folder = Directory.CreateTempSubdirectory("maimai-restart-");
        try
        {
            string[] settings = [$"--Plugins:Intl:SiteBaseUrl={sim.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={sim.GatewayUrl}", "--Plugins:Intl:RequestGap=00:00:00"];
            string token;
            await using (var first = await InProcessSilo.StartAsync(folder, settings).WaitAsync(Timeout))
            {
                token = first.ApiToken;
                using var http = first.Http2From("127.0.0.1");
                var client = new ApiClient(http, token);
                Assert.Equal(0, (await client.CallAsync<SetDxNetTokenResponse>("/maimai.v1.AccountService/SetDxNetToken",
                    new SetDxNetTokenRequest { Region = Region.Intl, Token = "userId=" + sim.Sessions.Current }).WaitAsync(Timeout)).Status);
                Assert.Equal(0, (await client.CallAsync<StartFetchResponse>("/maimai.v1.FetchService/StartFetch",
                    new StartFetchRequest { Region = Region.Intl }).WaitAsync(Timeout)).Status);
            }

            await using var second = await InProcessSilo.StartAsync(folder, settings).WaitAsync(Timeout);
            using var again = second.Http2From("127.0.0.1");
            var refused = await new ApiClient(again, token).CallAsync<StartFetchResponse>("/maimai.v1.FetchService/StartFetch",
                new StartFetchRequest { Region = Region.Intl }).WaitAsync(Timeout);
            Assert.Equal(8, refused.Status); // RESOURCE_EXHAUSTED
            Assert.Equal("FETCH_RATE_LIMITED", refused.ErrorInfo.Reason);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
    [Fact]
    public async Task A_fetch_of_a_silo_that_restarted_on_the_same_address_is_lost_at_once_and_one_of_an_unknown_silo_waits_for_its_lease()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var at = node.SiloId.IndexOf('@', StringComparison.Ordinal);
        var (endpoint, generation) = (node.SiloId[..at], int.Parse(node.SiloId[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        long previous, stranger;
        await using (var connection = await world.Database.OpenAsync().WaitAsync(Timeout))
        {
            // A fetch the silo's previous process (same address, an older generation) was running a moment ago...
            var now = world.Clock.GetUtcNow();
            previous = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO fetch_sessions (user_id, region, state, pages_done, created_at, started_at, heartbeat_at, node_id)
                VALUES (@UserId, @Region, 'running', 3, @Now, @Now, @Now, @Node) RETURNING id
                """, new { world.UserId, Region = (int)world.Region, Now = now, Node = $"{endpoint}@{generation - 5}" });
            // ...and one of a silo this cluster has never seen (another cluster on the same database).
            var other = await connection.ExecuteScalarAsync<long>("INSERT INTO users (discord_id, display_name, created_at) VALUES ('9', 'p9', @Now) RETURNING id", new { Now = now });
            stranger = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO fetch_sessions (user_id, region, state, pages_done, created_at, started_at, heartbeat_at, node_id)
                VALUES (@User, @Region, 'running', 3, @Now, @Now, @Now, @Node) RETURNING id
                """, new { User = other, Region = (int)world.Region, Now = now, Node = $"10.9.9.9:11111@{generation}" });
        }

        var next = Assert.IsType<StartFetchOutcome.Started>(await node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(1, await world.CountAsync($"SELECT COUNT(*) FROM fetch_sessions WHERE id = {previous} AND error_code = 'NODE_LOST'"));
        Assert.Equal(0, await node.Sweeper.SweepAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(1, await world.CountAsync($"SELECT COUNT(*) FROM fetch_sessions WHERE id = {stranger} AND state = 'running'"));

        // Past the lease, the unknown silo's fetch is lost too.
        // The silo's own sweeper runs on the same clock and may get there first: either sweep ends it, once.
        world.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.InRange(await node.Sweeper.SweepAsync(CancellationToken.None).WaitAsync(Timeout), 0, 1);
        Assert.Equal(1, await world.CountAsync($"SELECT COUNT(*) FROM fetch_sessions WHERE id = {stranger} AND error_code = 'NODE_LOST'"));
        Assert.Equal(FetchState.Completed, (await node.WatchToEndAsync(world.UserId, next.Fetch.Id))[^1].State);
    }
}
