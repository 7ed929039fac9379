using System.Diagnostics;
using System.Globalization;
using Dapper;
using Maimai.DxNetSimulator;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Consistency;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Tests.Accounts;
using Maimai.Silo.Tests.Api;
using Maimai.Testing.Postgres;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Silo.Tests.Cluster;

/// <summary>
/// Two real silo processes (tools/silo.sh, one PostgreSQL) run a dozen players' fetches; the silo running the most
/// is frozen with SIGSTOP. It keeps its sockets and its membership row, so grain calls to it hang instead of
/// failing, and it is declared dead long after its fetches' leases ran out: the survivor's sweep must still end
/// every fetch of the frozen silo (failed NODE_LOST, or its detail phase resumed on the survivor) while the silo is
/// still frozen. Then SIGCONT: the frozen silo finds itself declared dead and shuts down, the data stays consistent,
/// and a player's next fetch completes on the survivor.
/// The one-at-a-time sweep before 3a355b3 passes this too: every lost fetch here waits on the same frozen silo, and
/// its death declaration fails the call still waiting on it. A reachable lost fetch queued behind an unreachable one,
/// where the bounded sweep differs, is LostFetchSweeperTests' case.
/// </summary>
public sealed class StoppedSiloTests(PostgresFixture postgres, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private const int Players = 12;

    // Every wait is bounded by this; it is generous because two silos, PostgreSQL and the simulator share 2 busy cores.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    // How long the silo stays frozen at most, and so the bound for the survivor to end its fetches. The lease runs
    // out 5 s after the freeze, but no call reaches a grain on the frozen silo until Orleans declares it dead, and a
    // frozen silo (unlike a killed one) keeps its connection open: Orleans' connection liveness check suppresses the
    // survivor's vote while that connection had a message within its window, 36 s with these probe settings (seen:
    // declared dead 36.9-38.3 s after the freeze; 11 s with Cluster:Membership:EnableConnectionLivenessCheck=false).
    // Death fails every call still waiting on the frozen silo, and the next sweep (1 s) reaches the grains again on
    // the survivor. 55 s leaves over 15 s for a loaded machine.
    private static readonly TimeSpan Frozen = TimeSpan.FromSeconds(55);

    [Fact]
    public async Task The_survivor_ends_every_fetch_of_a_frozen_silo_before_it_thaws_and_the_thawed_silo_leaves()
    {
        await using var scene = await FreezeBusierSiloAsync();
        var (database, runner, survivor, frozenFetches, stopped) = (scene.Database, scene.Runner, scene.Survivor, scene.FrozenFetches, scene.Stopped);

        // While it is frozen, the survivor ends each of them: failed NODE_LOST, or its detail phase taken over.
        long? declaredDead = null;
        using (var frozen = new CancellationTokenSource(Frozen))
        {
            while (true)
            {
                if (declaredDead is null && await ClusterProbe.ScalarAsync(database, $"SELECT COUNT(*) FROM OrleansMembershipTable WHERE Port = {runner.SiloPort} AND Status = 6", Timeout) == 1)
                {
                    declaredDead = stopped.ElapsedMilliseconds;
                    output.WriteLine($"the frozen silo declared dead {declaredDead} ms after the freeze");
                }

                var rows = (await FetchesAsync(database)).Where(f => frozenFetches.Contains(f.Id)).ToList();
                if (rows.All(f => f.State is "completed" or "failed" || Owns(survivor, f)))
                {
                    break;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), frozen.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"{Frozen} after the freeze, still on the frozen silo: "
                        + string.Join(", ", rows.Where(f => !(f.State is "completed" or "failed" || Owns(survivor, f))).Select(f => $"{f.Id} {f.State} {f.PagesDone}"))
                        + $"\n{survivor}");
                }
            }
        }

        var ended = (await FetchesAsync(database)).Where(f => frozenFetches.Contains(f.Id)).ToList();
        output.WriteLine($"the survivor ended all {frozenFetches.Count} {stopped.ElapsedMilliseconds} ms after the freeze: "
            + string.Join(", ", ended.GroupBy(f => f.State == "failed" ? f.ErrorCode : f.State == "completed" ? "completed" : "resumed").Select(g => $"{g.Count()} {g.Key}")));
        Assert.All(ended, f => Assert.True(f.State is "completed" || (f.State, f.ErrorCode) == ("failed", "NODE_LOST") || Owns(survivor, f), $"{f.Id}: {f.State} {f.ErrorCode} {f.ErrorMessage}"));
        Assert.False(runner.HasExited);
        await AssertConsistentAsync(database);

        // Thaw it: it finds itself declared dead in the membership table and shuts itself down.
        scene.Sim.Faults.Latency = TimeSpan.Zero;
        runner.Continue();
        await ClusterProbe.WaitAsync(() => Task.FromResult(runner.HasExited), "the thawed silo, declared dead, to exit", Timeout);
        output.WriteLine($"the thawed silo exited {stopped.ElapsedMilliseconds} ms after the freeze");
        Assert.Equal(1L, await ClusterProbe.ScalarAsync(database, $"SELECT COUNT(*) FROM OrleansMembershipTable WHERE Port = {runner.SiloPort} AND Status = 6", Timeout));

        // A further lease later nothing is left running without an owner, and nothing it wrote on waking broke the data.
        await Task.Delay(Lease + TimeSpan.FromSeconds(1)).WaitAsync(Timeout);
        await ClusterProbe.WaitAsync(async () => (await FetchesAsync(database)).All(f => f.State is "completed" or "failed" || Owns(survivor, f)),
            "every active fetch to be the survivor's", Timeout);
        await AssertConsistentAsync(database);

        // A player whose fetch the frozen silo lost fetches again on the survivor, to the end.
        var player = (await FetchesAsync(database)).First(f => frozenFetches.Contains(f.Id)).UserId;
        var client = new ApiClient(scene.To(survivor), scene.ApiTokens[player]);
        long nextId = 0;
        await ClusterProbe.WaitAsync(async () =>
        {
            var next = await client.CallAsync<StartFetchResponse>("/maimai.v1.FetchService/StartFetch", new StartFetchRequest { Region = Region.Intl }).WaitAsync(Timeout);
            Assert.True(next.Status is 0 or 8, $"{next.Status}: {next.Message}");
            nextId = next.Status == 0 ? long.Parse(next.Response.Fetch.Id, CultureInfo.InvariantCulture) : 0;
            return nextId != 0 && !frozenFetches.Contains(nextId);
        }, "the player's next fetch", Timeout);
        await ClusterProbe.WaitAsync(async () => (await FetchesAsync(database)).Single(f => f.Id == nextId).State is "completed" or "failed", $"fetch {nextId} to end", Timeout);
        var done = (await FetchesAsync(database)).Single(f => f.Id == nextId);
        Assert.True(done.State == "completed", $"{done.ErrorCode}: {done.ErrorMessage}\n{survivor}");
        Assert.True(Owns(survivor, done), done.NodeId);
        await AssertConsistentAsync(database);
        Assert.False(survivor.HasExited);
        output.WriteLine($"next fetch completed on the survivor {stopped.ElapsedMilliseconds} ms after the freeze");
    }

    // Longer than the 5 s lease, shorter than the 36 s liveness window: the survivor's sweeps find the frozen silo's
    // fetches lost but cannot reach their grains, and the silo is never declared dead. The system bench's 50 s
    // SIGSTOP under Orleans' default probes (5 s, 3 missed) is a freeze of this kind.
    private static readonly TimeSpan BriefFreeze = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_silo_frozen_past_the_lease_but_not_declared_dead_ends_its_fetches_once_it_thaws()
    {
        await using var scene = await FreezeBusierSiloAsync();
        var (database, runner, frozenFetches, stopped) = (scene.Database, scene.Runner, scene.FrozenFetches, scene.Stopped);
        await Task.Delay(BriefFreeze).WaitAsync(Timeout);
        var duringFreeze = (await FetchesAsync(database)).Where(f => frozenFetches.Contains(f.Id)).ToList();
        output.WriteLine($"after {stopped.ElapsedMilliseconds} ms frozen: " + Tally(duringFreeze));
        Assert.Equal(0L, await ClusterProbe.ScalarAsync(database, $"SELECT COUNT(*) FROM OrleansMembershipTable WHERE Port = {runner.SiloPort} AND Status = 6", Timeout));

        // Thawed, the silo answers again: its fetches end (each completed, or failed with a code) and it stays in the cluster.
        scene.Sim.Faults.Latency = TimeSpan.Zero;
        runner.Continue();
        var thawed = Stopwatch.StartNew();
        await ClusterProbe.WaitAsync(async () => (await FetchesAsync(database)).All(f => f.State is "completed" or "failed"), "every fetch to end after the thaw", Timeout);
        var ended = (await FetchesAsync(database)).Where(f => frozenFetches.Contains(f.Id)).ToList();
        output.WriteLine($"all {Players} fetches ended {thawed.ElapsedMilliseconds} ms after the thaw; the frozen silo's: " + Tally(ended));
        Assert.All(ended, f => Assert.True(f.State == "completed" || (f.State, f.ErrorCode) == ("failed", "NODE_LOST"), $"{f.Id}: {f.State} {f.ErrorCode} {f.ErrorMessage}"));
        Assert.False(runner.HasExited);
        Assert.Equal(1L, await ClusterProbe.ScalarAsync(database, $"SELECT COUNT(*) FROM OrleansMembershipTable WHERE Port = {runner.SiloPort} AND Status = 3", Timeout));
        await AssertConsistentAsync(database);
    }

    private static string Tally(IEnumerable<FetchRow> fetches) =>
        string.Join(", ", fetches.GroupBy(f => f.State == "failed" ? f.ErrorCode : f.State).Select(g => $"{g.Count()} {g.Key}"));

    // Two silos, a dozen players' fetches running (the fetch runs where the player's grain lives), and the silo
    // running the most of them frozen with SIGSTOP.
    private async Task<FrozenScene> FreezeBusierSiloAsync()
    {
        var clock = Stopwatch.StartNew();
        var connectionString = await postgres.CreateDatabaseAsync("stopped").WaitAsync(Timeout);
        var database = new Database(PostgresDialect.Instance, connectionString);
        await new MigrationRunner(database).ApplyAsync().WaitAsync(Timeout);
        var scene = new FrozenScene(database, await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { SongCount = 60, UtageCount = 2 }).WaitAsync(Timeout));
        var sim = scene.Sim;
        try
        {
            sim.Faults.Latency = TimeSpan.FromMilliseconds(200); // each fetch lasts well past the freeze

            // Players, each with their own DX NET session (encrypted with the shared key ring) and API token.
            await using var keys = new KeyRingHost("Postgres", connectionString);
            var tokens = new DxNetTokenStore(new DxNetTokenRepository(database), keys.Protector, ScriptedTokenCheck.Accepting, TimeProvider.System);
            var accounts = new AccountStore(new UserRepository(database), new ApiTokenRepository(database), TimeProvider.System);
            var apiTokens = scene.ApiTokens;
            for (var i = 0; i < Players; i++)
            {
                var user = await new UserRepository(database).UpsertByDiscordIdAsync((i + 1).ToString(CultureInfo.InvariantCulture), $"player{i}", DateTimeOffset.UtcNow).WaitAsync(Timeout);
                await tokens.SetAsync(user.Id, CoreRegion.Intl, "userId=" + sim.Sessions.Issue(), CancellationToken.None).WaitAsync(Timeout);
                apiTokens[user.Id] = (await accounts.CreateApiTokenAsync(user.Id, "stopped", CancellationToken.None).WaitAsync(Timeout))!.Plaintext;
            }

            string[] settings =
            [
                $"--Storage:ConnectionString={connectionString}",
                $"--Plugins:Intl:SiteBaseUrl={sim.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={sim.GatewayUrl}", "--Plugins:Intl:RequestGap=00:00:00",
                "--Plugins:Intl:ObserveMaintenanceWindow=false", // real clock: the fetches must run at 04:00-07:00 JST too
                "--Fetching:RateLimit=00:00:02", "--Fetching:HeartbeatInterval=00:00:01", $"--Fetching:LeaseDuration={Lease}",
                "--Fetching:SweepInterval=00:00:01", "--Fetching:WatchPollInterval=00:00:00.500", "--ApiRateLimit:Enabled=false",
                $"--Fetching:MaxConcurrentFetches={Players}", // every player's fetch running at once, whichever silo runs it
                // Probes as in production, scaled down; a frozen silo is still declared dead well after the 5 s lease.
                "--Cluster:Membership:ProbeTimeout=00:00:03", "--Cluster:Membership:NumMissedProbesLimit=3",
            ];
            var a = ScriptedSilo.Start(settings);
            var b = ScriptedSilo.Start(settings);
            scene.Silos.Add(a);
            scene.Silos.Add(b);
            await Task.WhenAll(a.Listening, b.Listening).WaitAsync(Timeout);
            await ClusterProbe.WaitAsync(async () => await ClusterProbe.ScalarAsync(database, "SELECT COUNT(*) FROM OrleansMembershipTable WHERE Status = 3", Timeout) == 2, "both silos active", Timeout);
            output.WriteLine($"cluster of two formed {clock.ElapsedMilliseconds} ms");

            var (toA, toB) = (scene.Add(a), scene.Add(b));
            var answers = await Task.WhenAll(apiTokens.Values.Select((token, i) =>
                new ApiClient(i % 2 == 0 ? toA : toB, token).CallAsync<StartFetchResponse>("/maimai.v1.FetchService/StartFetch", new StartFetchRequest { Region = Region.Intl })))
                .WaitAsync(Timeout);
            Assert.All(answers, r => Assert.True(r.Status == 0, $"{r.Status}: {r.Message}"));
            await ClusterProbe.WaitAsync(async () => await ClusterProbe.ScalarAsync(database, "SELECT COUNT(*) FROM fetch_sessions WHERE state = 'running' AND pages_done >= 1", Timeout) == Players,
                "every player's fetch running", Timeout);

            // Freeze the silo that runs the most fetches (the fetch runs where the player's grain lives).
            var running = await FetchesAsync(database);
            var runner = running.Count(f => Owns(a, f)) >= running.Count(f => Owns(b, f)) ? a : b;
            var survivor = runner == a ? b : a;
            var frozenFetches = running.Where(f => Owns(runner, f)).Select(f => f.Id).ToHashSet();
            Assert.True(frozenFetches.Count >= Players / 2, $"{frozenFetches.Count} of {Players} fetches on the busier silo");
            runner.Stop();
            var stopped = Stopwatch.StartNew();
            output.WriteLine($"froze the silo running {frozenFetches.Count} of {Players} fetches {clock.ElapsedMilliseconds} ms");
            (scene.Runner, scene.Survivor, scene.FrozenFetches, scene.Stopped) = (runner, survivor, frozenFetches, stopped);
            return scene;
        }
        catch
        {
            await scene.DisposeAsync();
            throw;
        }
    }

    private static bool Owns(ScriptedSilo silo, FetchRow fetch) =>
        fetch.NodeId?.StartsWith($"127.0.0.1:{silo.SiloPort}@", StringComparison.Ordinal) == true;

    // The check-consistency command's checks; an active fetch counts as unfinished after one lease without a heartbeat.
    private async Task AssertConsistentAsync(Database database)
    {
        var report = await new ConsistencyRepository(database).CheckAsync(new ConsistencyExpectations(DateTimeOffset.UtcNow, Lease + Lease, false, [])).WaitAsync(Timeout);
        var broken = report.Checks.Where(c => c.Count != 0).Select(c => $"{c.Name} {c.Count}: {c.Meaning}").ToList();
        foreach (var line in broken)
        {
            output.WriteLine(line);
        }

        Assert.Empty(broken);
    }

    private static async Task<List<FetchRow>> FetchesAsync(Database database)
    {
        await using var connection = await database.OpenAsync().WaitAsync(Timeout);
        return [.. await connection.QueryAsync<FetchRow>(
            "SELECT id AS Id, user_id AS UserId, state AS State, pages_done AS PagesDone, error_code AS ErrorCode, error_message AS ErrorMessage, node_id AS NodeId FROM fetch_sessions ORDER BY id")
            .WaitAsync(Timeout)];
    }

    /// <summary>The cluster with one silo frozen; disposing kills both silos (SIGKILL stops a stopped process too), then the simulator.</summary>
    private sealed class FrozenScene(Database database, RunningSimulator sim) : IAsyncDisposable
    {
        private readonly List<HttpClient> _clients = [];

        public Database Database => database;

        public RunningSimulator Sim => sim;

        public List<ScriptedSilo> Silos { get; } = [];

        public Dictionary<long, string> ApiTokens { get; } = [];

        public ScriptedSilo Runner { get; set; } = null!;

        public ScriptedSilo Survivor { get; set; } = null!;

        public HashSet<long> FrozenFetches { get; set; } = [];

        public Stopwatch Stopped { get; set; } = new();

        public HttpClient Add(ScriptedSilo silo)
        {
            _clients.Add(ClusterProbe.Http2(silo, Timeout));
            return _clients[^1];
        }

        public HttpClient To(ScriptedSilo silo) => _clients[Silos.IndexOf(silo)];

        public async ValueTask DisposeAsync()
        {
            _clients.ForEach(c => c.Dispose());
            Silos.ForEach(s => s.Dispose());
            await sim.DisposeAsync();
        }
    }

    internal sealed record FetchRow(long Id, long UserId, string State, int PagesDone, string? ErrorCode, string? ErrorMessage, string? NodeId);
}
