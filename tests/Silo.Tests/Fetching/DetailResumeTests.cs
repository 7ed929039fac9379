using Dapper;
using Maimai.Core.Fetching;
using Maimai.Core.Snapshots;
using Maimai.DxNetSimulator;
using Maimai.DxNetSimulator.Requests;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Snapshots;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Tests.Api;
using Maimai.Silo.Tests.Hosting;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using CoreRegion = Maimai.Core.Game.Region;
using FetchPhase = Maimai.Core.Fetching.FetchPhase;
using FetchState = Maimai.Core.Fetching.FetchState;
using RecentPlay = Maimai.Silo.Storage.Plays.RecentPlay;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// The detail phase carries on by itself: a silo stopped (or lost) halfway leaves its fetch in the detail phase,
/// and another silo's sweep resumes it, once the minute allows, reading only the pages left; a StartFetch during
/// the detail phase supersedes it at a page boundary, takes the snapshot first and then the queue, reading no page
/// twice; and a second silo's cached score set shows the play counts a detail page filled in at its next read.
/// Real silos on PostgreSQL, the simulator over Kestrel with its request log, the fake clock for the minute.
/// </summary>
public sealed class DetailResumeTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("stopped")] // a graceful stop: the silo releases the row between pages
    [InlineData("killed")] // the silo gone without a word: the row still names it, and the cluster knows it dead
    public async Task A_silo_gone_halfway_through_the_detail_leaves_it_to_another_silo_which_resumes_it_by_itself_reading_only_the_pages_left(string how)
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var a = await world.StartNodeAsync("node-a");
        var sim = world.Simulator.Snapshot();
        world.Simulator.Faults.Latency = TimeSpan.FromMilliseconds(30);

        var started = Assert.IsType<StartFetchOutcome.Started>(
            await a.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout));
        await WaitUntilAsync(() => DetailPages(world.Simulator.Requests.Entries()) >= 30, a);
        var siloA = a.SiloId;
        await a.DisposeAsync(); // the page in flight is stored, no further one is requested
        if (how == "killed")
        {
            await ExecuteAsync(world, "UPDATE fetch_sessions SET node_id = @Node WHERE id = @Id", new { Node = siloA, started.Fetch.Id });
        }

        var fetches = new FetchRepository(world.Database);
        var left = (await fetches.GetAsync(started.Fetch.Id).WaitAsync(Timeout))!;
        Assert.Equal(FetchState.Running, left.State);
        Assert.NotNull(left.SnapshotId);
        Assert.Equal(how == "killed" ? siloA : null, left.NodeId);
        var readByA = world.Simulator.Requests.Entries();
        var queuedSongs = await world.CountAsync("SELECT COUNT(DISTINCT music_idx) FROM pending_chart_details");
        var queuedPlays = await world.CountAsync("SELECT COUNT(*) FROM pending_play_details");
        output.WriteLine($"node a: {readByA.Count} requests; left queued: {queuedPlays} plays, {queuedSongs} song pages");
        Assert.True(queuedSongs > 0, "the stop came after the whole detail: nothing was left to resume");

        // Node b's start-up sweep finds it, but the fetch started less than a minute ago: the resume waits, no request.
        var b = await world.StartNodeAsync("node-b");
        Assert.Equal(readByA.Count, world.Simulator.Requests.Total);
        Assert.Equal(FetchState.Running, (await fetches.GetAsync(started.Fetch.Id).WaitAsync(Timeout))!.State);
        Assert.Contains(b.Logs.Lines, l => l.Contains("its detail phase resumes at", StringComparison.Ordinal));

        // The minute passes: b's next sweep resumes it by itself (no StartFetch), the same fetch, to its end.
        var watch = b.WatchToEndAsync(world.UserId, started.Fetch.Id, TimeSpan.FromSeconds(120));
        world.Clock.Advance(TimeSpan.FromSeconds(61));
        await b.Sweeper.SweepAsync(CancellationToken.None).WaitAsync(Timeout);
        var seen = await watch;
        var end = seen[^1];
        Assert.True(end.State == FetchState.Completed, $"{end.ErrorCode}: {end.ErrorMessage}\n{b.Logs}");
        Assert.Equal((left.SnapshotId, left.SnapshotAt), (end.SnapshotId, end.SnapshotAt));
        Assert.Contains(seen, s => s is { State: FetchState.Running, Phase: FetchPhase.Detail, DetailDone: > 0 } && s.DetailDone > left.DetailDone);
        Assert.Equal(end.DetailTotal, end.DetailDone);
        Assert.Equal(1, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions"));

        // Node b read exactly the pages left (its session was the newest one: no login, no playerData); none twice.
        var log = world.Simulator.Requests.Entries();
        var readByB = log.Skip(readByA.Count).ToList();
        output.WriteLine($"node b: {readByB.Count} requests: " + string.Join(", ", readByB.Select(e => e.Kind).Distinct()));
        Assert.Equal(queuedPlays + queuedSongs, readByB.Count);
        Assert.Equal(queuedPlays + queuedSongs, DetailPages(readByB));
        AssertNoPageTwice(log);
        Assert.Equal(log.Count, end.PagesRequested!.Total);

        var scores = await new ScoreRepository(world.Database).ReadSnapshotScoresAsync(world.UserId, world.Region, end.SnapshotId!.Value).WaitAsync(Timeout);
        Assert.Equal(sim.Scores.Sum(s => s.PlayCount), scores.Sum(s => s.Score.PlayCount ?? 0));
        Assert.All(await ListPlaysAsync(world), p => Assert.False(p.DetailPending, p.ToString()));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM pending_play_details") + await world.CountAsync("SELECT COUNT(*) FROM pending_chart_details"));
        Assert.Empty(b.Logs.Errors);
    }

    [Fact]
    public async Task A_single_sqlite_silo_restarted_halfway_through_the_detail_resumes_it_by_itself_reading_only_the_pages_left()
    {
        await using var sim = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = CoreRegion.Intl, SongCount = 60, UtageCount = 1 }).WaitAsync(Timeout);
        sim.Faults.Latency = TimeSpan.FromMilliseconds(30);
        var folder = Directory.CreateTempSubdirectory("maimai-resume-");
        try
        {
            // The real clock here: a one-second minute and sweep keep the test short.
            string[] settings =
            [
                $"--Plugins:Intl:SiteBaseUrl={sim.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={sim.GatewayUrl}", "--Plugins:Intl:RequestGap=00:00:00",
                "--Fetching:RateLimit=00:00:01", "--Fetching:SweepInterval=00:00:01",
            ];
            long fetchId;
            await using (var first = await InProcessSilo.StartAsync(folder, settings).WaitAsync(Timeout))
            {
                using var http = first.Http2From("127.0.0.1");
                var client = new ApiClient(http, first.ApiToken);
                Assert.Equal(0, (await client.CallAsync<SetDxNetTokenResponse>("/maimai.v1.AccountService/SetDxNetToken",
                    new SetDxNetTokenRequest { Region = Region.Intl, Token = "userId=" + sim.Sessions.Current }).WaitAsync(Timeout)).Status);
                sim.Requests.Reset();
                var started = await client.CallAsync<StartFetchResponse>("/maimai.v1.FetchService/StartFetch", new StartFetchRequest { Region = Region.Intl }).WaitAsync(Timeout);
                Assert.Equal(0, started.Status);
                fetchId = long.Parse(started.Response.Fetch.Id, System.Globalization.CultureInfo.InvariantCulture);
                await WaitUntilAsync(() => Task.FromResult(DetailPages(sim.Requests.Entries()) >= 10), "ten detail pages");
            }

            var readByFirst = sim.Requests.Entries();
            var database = new Database(SqliteDialect.Instance, $"Data Source={Path.Combine(folder.FullName, "silo.db")}");
            var left = (await new FetchRepository(database).GetAsync(fetchId).WaitAsync(Timeout))!;
            Assert.Equal((FetchState.Running, (string?)null), (left.State, left.NodeId));
            var (plays, charts) = await new DetailQueueRepository(database).ListAsync(left.UserId, CoreRegion.Intl).WaitAsync(Timeout);
            var queued = plays.Count + charts.Select(c => c.MusicIdx).Distinct().Count();
            output.WriteLine($"first process: {readByFirst.Count} requests; {queued} pages left");
            Assert.True(queued > 0, "the stop came after the whole detail: nothing was left to resume");

            // Started again on the same file, nobody asks: the silo's own sweep resumes the fetch and reads the rest.
            await using var second = await InProcessSilo.StartAsync(folder, settings).WaitAsync(Timeout);
            var fetches = second.Services.GetRequiredService<FetchRepository>();
            FetchRow? end = null;
            await WaitUntilAsync(async () => (end = await fetches.GetAsync(fetchId).WaitAsync(Timeout)) is { State: not FetchState.Running }, "the resumed fetch to end");
            Assert.True(end!.State == FetchState.Completed, $"{end.ErrorCode}: {end.ErrorMessage}");
            Assert.Equal(left.SnapshotId, end.SnapshotId);
            var readBySecond = sim.Requests.Entries().Skip(readByFirst.Count).ToList();
            Assert.Equal(queued, readBySecond.Count);
            Assert.Equal(queued, DetailPages(readBySecond));
            AssertNoPageTwice(sim.Requests.Entries());
            (plays, charts) = await new DetailQueueRepository(database).ListAsync(left.UserId, CoreRegion.Intl).WaitAsync(Timeout);
            Assert.Empty(plays);
            Assert.Empty(charts);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task StartFetch_during_the_detail_phase_supersedes_it_at_a_page_boundary_and_no_page_is_read_twice()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        world.Simulator.Faults.Latency = TimeSpan.FromMilliseconds(30);
        var first = Assert.IsType<StartFetchOutcome.Started>(
            await node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout));
        await WaitUntilAsync(() => DetailPages(world.Simulator.Requests.Entries()) >= 20, node);

        // Within the minute the detail phase stays: the newer start is not allowed yet.
        Assert.Equal(first.Fetch.Id, Assert.IsType<StartFetchOutcome.AlreadyRunning>(
            await node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout)).Fetch.Id);

        // The player plays on and starts a fetch a minute later: it supersedes the detail phase.
        world.Simulator.AddPlays(3);
        var sim = world.Simulator.Snapshot();
        world.Clock.Advance(TimeSpan.FromSeconds(61));
        var second = Assert.IsType<StartFetchOutcome.Started>(
            await node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout));
        Assert.NotEqual(first.Fetch.Id, second.Fetch.Id);
        var handedOver = (await node.Coordinator.GetFetchAsync(world.UserId, first.Fetch.Id, CancellationToken.None).WaitAsync(Timeout))!;
        Assert.True(handedOver.State == FetchState.Completed, $"{handedOver.ErrorCode}: {handedOver.ErrorMessage}\n{node.Logs}");
        Assert.True(handedOver.DetailDone < handedOver.DetailTotal, $"the first fetch read all {handedOver.DetailTotal} detail pages before it was superseded");
        var byFirst = handedOver.PagesRequested!.Total; // the first fetch ended before the second began: the log's first entries

        var end = (await node.WatchToEndAsync(world.UserId, second.Fetch.Id, TimeSpan.FromSeconds(120)))[^1];
        Assert.True(end.State == FetchState.Completed, $"{end.ErrorCode}: {end.ErrorMessage}\n{node.Logs}");
        Assert.NotEqual(handedOver.SnapshotId, end.SnapshotId);

        // The newer fetch: its snapshot first (at most 8 requests), then the queue; a play by its play time (positions
        // moved) and a song page at most once over both fetches.
        var log = world.Simulator.Requests.Entries();
        var bySecond = log.Skip(byFirst).ToList();
        var snapshotPages = bySecond.TakeWhile(e => e.Kind is not (PageKind.PlaylogDetail or PageKind.MusicDetail)).Count();
        output.WriteLine($"first: {byFirst} requests; second: {bySecond.Count}, {snapshotPages} before its detail");
        Assert.InRange(snapshotPages, 1, 8);
        var plays = log.Where(e => e.Kind == PageKind.PlaylogDetail).Select(e => e.PathAndQuery[(e.PathAndQuery.IndexOf("%2C", StringComparison.Ordinal) + 3)..]).ToList();
        Assert.Equal(plays.Count, plays.Distinct(StringComparer.Ordinal).Count());
        var songs = log.Where(e => e.Kind == PageKind.MusicDetail).Select(e => e.PathAndQuery).ToList();
        Assert.Equal(songs.Count, songs.Distinct(StringComparer.Ordinal).Count());

        var scores = await new ScoreRepository(world.Database).ReadSnapshotScoresAsync(world.UserId, world.Region, end.SnapshotId!.Value).WaitAsync(Timeout);
        Assert.Equal(sim.Scores.Sum(s => s.PlayCount), scores.Sum(s => s.Score.PlayCount ?? 0));
        var shown = sim.Recent.Select(p => (p.UnixTime, p.Track)).ToHashSet();
        Assert.All((await ListPlaysAsync(world)).Where(p => shown.Contains((p.PlayedAt, p.Track))), p => Assert.True(p is { DetailPending: false, Judgements: not null }, p.ToString()));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM pending_play_details") + await world.CountAsync("SELECT COUNT(*) FROM pending_chart_details"));
        Assert.Contains(node.Logs.Lines, l => l.Contains("handed its detail queue to a newer fetch", StringComparison.Ordinal));
        Assert.Empty(node.Logs.Errors);
    }

    [Fact]
    public async Task A_second_silo_serves_the_play_counts_a_detail_page_filled_in_at_its_next_read()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var a = await world.StartNodeAsync("node-a");
        var b = await world.StartNodeAsync("node-b");
        var readsOnB = Queries(world, b);
        var sim = world.Simulator.Snapshot();

        // Every play page first, slowly: the snapshot is stored and browsable on b before any song page is read.
        world.Simulator.Faults.Latency = TimeSpan.FromMilliseconds(30);
        var started = Assert.IsType<StartFetchOutcome.Started>(
            await a.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout));
        await WaitUntilAsync(() => world.Simulator.Requests.Count(PageKind.PlaylogDetail) > 0, a);
        var snapshotId = (await a.Coordinator.GetFetchAsync(world.UserId, started.Fetch.Id, CancellationToken.None).WaitAsync(Timeout))!.SnapshotId!.Value;
        var before = await ListAllAsync(readsOnB, world, snapshotId);
        Assert.Equal(0, world.Simulator.Requests.Count(PageKind.MusicDetail));
        Assert.All(before, s => Assert.Null(s.PlayCount));

        // The detail phase runs on a; b's cached set (its clock never moves, so it never expires) must not hide it.
        var end = (await a.WatchToEndAsync(world.UserId, started.Fetch.Id, TimeSpan.FromSeconds(120)))[^1];
        Assert.True(end.State == FetchState.Completed, $"{end.ErrorCode}: {end.ErrorMessage}\n{a.Logs}");
        var after = await ListAllAsync(readsOnB, world, snapshotId);
        Assert.Equal(sim.Scores.Sum(s => s.PlayCount), after.Sum(s => s.PlayCount ?? 0));
        Assert.All(after, s => Assert.NotNull(s.PlayCount));

        // Settled (nothing pending), the set is served from memory again: a revision that moves now is not looked at.
        await ExecuteAsync(world, "UPDATE score_set_revisions SET revision = revision + 100 WHERE user_id = @UserId", new { world.UserId });
        await ExecuteAsync(world, "UPDATE user_scores SET play_count = 0 WHERE user_id = @UserId", new { world.UserId });
        Assert.Equal(after.Sum(s => s.PlayCount ?? 0), (await ListAllAsync(readsOnB, world, snapshotId)).Sum(s => s.PlayCount ?? 0));
    }

    // Node b's reads as its API serves them: its own score-set cache (on the world's clock) and song library.
    private static SnapshotQueries Queries(FetchWorld world, FetchTestNode node) => new(
        new SnapshotRepository(world.Database), new ScoreRepository(world.Database), new RecentPlayRepository(world.Database),
        new SnapshotScoreCache(Options.Create(new SnapshotCacheOptions()), world.Clock), new SongQueries(node.Services.GetRequiredService<SongCache>()));

    private static async Task<IReadOnlyList<ListedScore>> ListAllAsync(SnapshotQueries queries, FetchWorld world, long snapshotId)
    {
        var page = await queries.ListScoresAsync(world.UserId, snapshotId, new ScoreQuery(), null, 5000, CancellationToken.None).WaitAsync(Timeout);
        Assert.NotNull(page);
        Assert.Null(page.Next);
        return page.Scores;
    }

    private static int DetailPages(IEnumerable<RequestLogEntry> log) => log.Count(e => e.Kind is PageKind.PlaylogDetail or PageKind.MusicDetail);

    private static void AssertNoPageTwice(IReadOnlyList<RequestLogEntry> log)
    {
        var twice = log.Where(e => e.Kind is PageKind.PlaylogDetail or PageKind.MusicDetail)
            .GroupBy(e => e.PathAndQuery, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "requested twice: " + string.Join(", ", twice));
    }

    private static async Task<IReadOnlyList<RecentPlay>> ListPlaysAsync(FetchWorld world) =>
        await new RecentPlayRepository(world.Database).ListAsync(world.UserId, world.Region, long.MaxValue, long.MaxValue, int.MaxValue, 200).WaitAsync(Timeout);

    private static async Task ExecuteAsync(FetchWorld world, string sql, object parameters)
    {
        await using var connection = await world.Database.OpenAsync().WaitAsync(Timeout);
        await connection.ExecuteAsync(sql, parameters).WaitAsync(Timeout);
    }

    // A sync point on what another process's silo did (its row, the simulator's log): polled, within a bound.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            Assert.False(deadline.IsCancellationRequested, "timed out waiting for " + what);
            await Task.Delay(50, CancellationToken.None);
        }
    }

    // A sync point on what the simulator received (it is outside the node, so there is no event to await).
    private static async Task WaitUntilAsync(Func<bool> condition, FetchTestNode node)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            Assert.False(deadline.IsCancellationRequested, "timed out waiting for the fetch\n" + node.Logs);
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
