using System.Diagnostics;
using System.Globalization;
using Dapper;
using Maimai.DxNetSimulator;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Tests.Accounts;
using Maimai.Silo.Tests.Api;
using Maimai.Testing.Postgres;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Silo.Tests.Cluster;

/// <summary>
/// Two real silo processes started with tools/silo.sh on one PostgreSQL form one Orleans cluster (ADO.NET
/// clustering). 1,000 StartFetch calls over gRPC, half to each, start one fetch. The silo running it is killed with
/// SIGKILL mid-fetch: the cluster declares it dead in the membership table, the other silo fails the fetch as
/// NODE_LOST within the lease, and its next StartFetch starts a new fetch there, which completes.
/// </summary>
public sealed class TwoSiloClusterTests(PostgresFixture postgres, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Two_silos_start_one_fetch_for_a_thousand_calls_and_the_survivor_fails_it_as_lost_when_its_silo_is_killed()
    {
        var clock = Stopwatch.StartNew();
        var connectionString = await postgres.CreateDatabaseAsync("cluster").WaitAsync(Timeout);
        var database = new Database(PostgresDialect.Instance, connectionString);
        await new MigrationRunner(database).ApplyAsync().WaitAsync(Timeout);
        await using var sim = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { SongCount = 60, UtageCount = 2 }).WaitAsync(Timeout);
        sim.Faults.Latency = TimeSpan.FromMilliseconds(60); // long enough a fetch to kill its silo in the middle

        // The player, their maimai token (encrypted with the database key ring both silos read) and an API token.
        var user = await new UserRepository(database).UpsertByDiscordIdAsync("1", "player", DateTimeOffset.UtcNow).WaitAsync(Timeout);
        await using var keys = new KeyRingHost("Postgres", connectionString);
        await new DxNetTokenStore(new DxNetTokenRepository(database), keys.Protector, ScriptedTokenCheck.Accepting, TimeProvider.System).SetAsync(user.Id, CoreRegion.Intl, "userId=" + sim.Sessions.Current, CancellationToken.None).WaitAsync(Timeout);
        var apiToken = (await new AccountStore(new UserRepository(database), new ApiTokenRepository(database), TimeProvider.System).CreateApiTokenAsync(user.Id, "cluster", CancellationToken.None).WaitAsync(Timeout))!.Plaintext;

        string[] settings =
        [
            $"--Storage:ConnectionString={connectionString}",
            $"--Plugins:Intl:SiteBaseUrl={sim.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={sim.GatewayUrl}", "--Plugins:Intl:RequestGap=00:00:00",
            "--Plugins:Intl:ObserveMaintenanceWindow=false", // real clock: the fetches must run at 04:00-07:00 JST too
            "--Fetching:RateLimit=00:00:02", "--Fetching:HeartbeatInterval=00:00:01", $"--Fetching:LeaseDuration={Lease}",
            "--Fetching:SweepInterval=00:00:01", "--Fetching:WatchPollInterval=00:00:00.500", "--ApiRateLimit:Enabled=false",
            // A silo that stops answering probes for about 2 s is suspected; the other silo's vote declares it dead.
            "--Cluster:Membership:ProbeTimeout=00:00:01", "--Cluster:Membership:NumMissedProbesLimit=2",
        ];
        using var a = ScriptedSilo.Start(settings);
        using var b = ScriptedSilo.Start(settings);
        await Task.WhenAll(a.Listening, b.Listening).WaitAsync(Timeout);
        await ClusterProbe.WaitAsync(async () => await ClusterProbe.ScalarAsync(database, "SELECT COUNT(*) FROM OrleansMembershipTable WHERE Status = 3", Timeout) == 2, "both silos active", Timeout);
        output.WriteLine($"cluster of two formed {clock.ElapsedMilliseconds} ms");

        using var toA = ClusterProbe.Http2(a, Timeout);
        using var toB = ClusterProbe.Http2(b, Timeout);
        var clients = new[] { new ApiClient(toA, apiToken), new ApiClient(toB, apiToken) };
        var answers = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() =>
            clients[i % 2].CallAsync<StartFetchResponse>("/maimai.v1.FetchService/StartFetch", new StartFetchRequest { Region = Region.Intl })))).WaitAsync(Timeout);
        Assert.All(answers, r => Assert.True(r.Status == 0, $"{r.Status}: {r.Message}"));
        var fetchId = long.Parse(Assert.Single(answers.Select(r => r.Response.Fetch.Id).Distinct()), CultureInfo.InvariantCulture);
        Assert.Equal(1L, await ClusterProbe.ScalarAsync(database, "SELECT COUNT(*) FROM fetch_sessions", Timeout));
        output.WriteLine($"1,000 calls answered with fetch {fetchId} {clock.ElapsedMilliseconds} ms");

        // Mid-fetch, the silo running it dies without a word.
        var running = await WaitForFetchAsync(database, fetchId, r => r.State == "running" && r.PagesDone >= 2);
        var runner = running.NodeId!.StartsWith($"127.0.0.1:{a.SiloPort}@", StringComparison.Ordinal) ? a : b;
        var survivor = runner == a ? b : a;
        Assert.StartsWith($"127.0.0.1:{runner.SiloPort}@", running.NodeId, StringComparison.Ordinal);
        runner.Kill();
        var killed = Stopwatch.StartNew();

        var lost = await WaitForFetchAsync(database, fetchId, r => r.State != "running");
        output.WriteLine($"fetch ended {lost.State} {lost.ErrorCode} {killed.ElapsedMilliseconds} ms after the kill");
        Assert.Equal(("failed", "NODE_LOST"), (lost.State, lost.ErrorCode));
        Assert.True(killed.Elapsed < Lease, $"NODE_LOST came {killed.Elapsed} after the kill, not within the {Lease} lease\n{survivor}");
        Assert.Equal(0L, await ClusterProbe.ScalarAsync(database, "SELECT COUNT(*) FROM user_snapshots", Timeout));
        await ClusterProbe.WaitAsync(async () => await ClusterProbe.ScalarAsync(database, $"SELECT COUNT(*) FROM OrleansMembershipTable WHERE Port = {runner.SiloPort} AND Status = 6", Timeout) == 1,
            "the killed silo declared dead (status 6) in the membership table", Timeout);

        // The survivor starts the next fetch (after the 2 s rate limit) and runs it to the end.
        sim.Faults.Latency = TimeSpan.Zero;
        var survivorClient = runner == a ? clients[1] : clients[0];
        CallResult<StartFetchResponse>? next = null;
        await ClusterProbe.WaitAsync(async () =>
        {
            next = await survivorClient.CallAsync<StartFetchResponse>("/maimai.v1.FetchService/StartFetch", new StartFetchRequest { Region = Region.Intl });
            Assert.True(next.Status is 0 or 8, $"{next.Status}: {next.Message}");
            return next.Status == 0;
        }, "the next fetch started", Timeout);
        var nextId = long.Parse(next!.Response.Fetch.Id, CultureInfo.InvariantCulture);
        Assert.NotEqual(fetchId, nextId);
        var done = await WaitForFetchAsync(database, nextId, r => r.State is "completed" or "failed");
        Assert.True(done.State == "completed", $"{done.ErrorCode}: {done.ErrorMessage}\n{survivor}");
        Assert.StartsWith($"127.0.0.1:{survivor.SiloPort}@", done.NodeId, StringComparison.Ordinal);
        Assert.Equal(1L, await ClusterProbe.ScalarAsync(database, "SELECT COUNT(*) FROM user_snapshots", Timeout));
        Assert.False(survivor.HasExited);
        output.WriteLine($"next fetch completed on the survivor {clock.ElapsedMilliseconds} ms");
    }

    private static async Task<FetchRow> WaitForFetchAsync(Database database, long fetchId, Func<FetchRow, bool> condition)
    {
        FetchRow? row = null;
        await ClusterProbe.WaitAsync(async () =>
        {
            await using var connection = await database.OpenAsync().WaitAsync(Timeout);
            row = await connection.QuerySingleAsync<FetchRow>(
                "SELECT state AS State, pages_done AS PagesDone, error_code AS ErrorCode, error_message AS ErrorMessage, node_id AS NodeId FROM fetch_sessions WHERE id = @Id",
                new { Id = fetchId }).WaitAsync(Timeout);
            return condition(row);
        }, $"fetch {fetchId} to reach the expected state", Timeout);
        return row!;
    }

    internal sealed record FetchRow(string State, int PagesDone, string? ErrorCode, string? ErrorMessage, string? NodeId);
}
