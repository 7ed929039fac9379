using Dapper;
using Maimai.Core.Fetching;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;
using Maimai.Testing.Postgres;
using Xunit.Abstractions;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// Snapshot first, detail after, against the simulator with the real Intl plugin on PostgreSQL: the snapshot is
/// stored and browsable after its own pages, with what only the detail pages show pending (null, not zero); the
/// detail phase then reads each page once; a newer fetch on a site that moved on reads no page twice. (A node
/// stopped halfway, and a fetch started during the detail phase: DetailResumeTests.)
/// </summary>
public sealed class FetchPhaseTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_snapshot_is_stored_after_its_pages_with_the_detail_pending_then_the_detail_fills_it_in()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var sim = world.Simulator.Snapshot();

        // The first detail page arrives slowly: while it is in flight, the snapshot must already be there.
        world.Simulator.Faults.Add(new FaultRule(FaultKind.SlowBody) { Page = PageKind.PlaylogDetail, SlowBodyDuration = TimeSpan.FromSeconds(10) });
        var started = Assert.IsType<StartFetchOutcome.Started>(
            await node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout));
        await WaitUntilAsync(() => world.Simulator.Requests.Count(PageKind.PlaylogDetail) > 0, node);

        var snapshotPages = world.Simulator.Requests.Entries().TakeWhile(e => e.Kind != PageKind.PlaylogDetail).ToList();
        output.WriteLine("snapshot pages: " + string.Join(", ", snapshotPages.Select(e => e.Kind)));
        Assert.True(snapshotPages.Count <= 8, $"{snapshotPages.Count} requests before the snapshot was stored");
        var during = (await node.Coordinator.GetFetchAsync(world.UserId, started.Fetch.Id, CancellationToken.None).WaitAsync(Timeout))!;
        Assert.Equal((FetchState.Running, FetchPhase.Detail), (during.State, during.Phase));
        Assert.NotNull(during.SnapshotAt);
        var snapshotId = during.SnapshotId!.Value;

        // Browsable: every chart's best and every recent play; play counts, last played and per-note detail pending.
        var scores = await new ScoreRepository(world.Database).ReadSnapshotScoresAsync(world.UserId, world.Region, snapshotId).WaitAsync(Timeout);
        Assert.Equal(sim.Scores.Count, scores.Count);
        Assert.All(scores, s => Assert.Equal((null, null), (s.Score.PlayCount, s.Score.LastPlayedAt)));
        var plays = await ListPlaysAsync(world);
        Assert.Equal(sim.Recent.Count, plays.Count);
        Assert.All(plays, p => Assert.True(p is { DetailPending: true, Judgements: null, Fast: null, Late: null, MaxCombo: null, Venue: null }, p.ToString()));
        Assert.Equal(sim.Recent[0].Achievement, plays[0].Achievement);

        var end = (await node.WatchToEndAsync(world.UserId, started.Fetch.Id, TimeSpan.FromSeconds(120)))[^1];
        Assert.True(end.State == FetchState.Completed, $"{end.ErrorCode}: {end.ErrorMessage}\n{node.Logs}");
        Assert.Equal(snapshotId, end.SnapshotId);
        Assert.Equal(during.SnapshotAt, end.SnapshotAt);

        // Each detail page once: one per play, one per song page with a played chart.
        var log = world.Simulator.Requests.Entries();
        AssertNoPageTwice(log);
        Assert.Equal(sim.Recent.Count, log.Count(e => e.Kind == PageKind.PlaylogDetail));

        Assert.Equal(end.DetailTotal, end.DetailDone);
        Assert.Equal(log.Count(e => e.Kind is PageKind.PlaylogDetail or PageKind.MusicDetail), end.DetailTotal);
        Assert.Equal(log.Count, end.PagesRequested!.Total);

        // Filled in: the site's play counts, and every play's judgements.
        scores = await new ScoreRepository(world.Database).ReadSnapshotScoresAsync(world.UserId, world.Region, snapshotId).WaitAsync(Timeout);
        Assert.All(scores, s => Assert.NotNull(s.Score.PlayCount));
        Assert.Equal(sim.Scores.Sum(s => s.PlayCount), scores.Sum(s => s.Score.PlayCount!.Value));
        Assert.All(await ListPlaysAsync(world), p => Assert.True(p is { DetailPending: false, Judgements.Tap: not null, Fast: not null }, p.ToString()));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM pending_play_details") + await world.CountAsync("SELECT COUNT(*) FROM pending_chart_details"));

        // Nothing changed on the site: one request.
        world.Clock.Advance(TimeSpan.FromSeconds(61));
        world.Simulator.Requests.Reset();
        var again = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(again.State == FetchState.Completed, $"{again.ErrorMessage}\n{node.Logs}");
        Assert.Equal(1, world.Simulator.Requests.Total);
        Assert.Empty(node.Logs.Errors);
    }

    [Fact]
    public async Task A_newer_fetch_on_a_site_that_moved_on_takes_over_the_queue_and_reads_no_page_twice()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();

        // The first fetch stores its snapshot, then the site goes into maintenance after ten detail pages.
        world.Simulator.Faults.Add(FaultRule.After(FaultKind.MaintenancePage, 10, PageKind.PlaylogDetail));
        var first = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.Equal((FetchState.Failed, FetchErrorCode.Maintenance), (first.State, first.ErrorCode));
        Assert.NotNull(first.SnapshotId);
        world.Simulator.Faults.Clear();
        var firstLog = world.Simulator.Requests.Entries();

        // The player plays on: every queued play's position moves, some charts improve again.
        world.Simulator.AddPlays(3);
        var sim = world.Simulator.Snapshot();
        world.Clock.Advance(TimeSpan.FromMinutes(2));
        var second = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(second.State == FetchState.Completed, $"{second.ErrorCode}: {second.ErrorMessage}\n{node.Logs}");

        // Every play's detail page once (by its play time: its position moved), the one refused by maintenance aside;
        // every song page once; everything filled in.
        var log = world.Simulator.Requests.Entries();
        var plays = log.Where(e => e.Kind == PageKind.PlaylogDetail).Select(e => e.PathAndQuery[(e.PathAndQuery.IndexOf("%2C", StringComparison.Ordinal) + 3)..]).ToList();
        Assert.Equal(plays.Count - 1, plays.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(sim.Recent.Count, plays.Distinct(StringComparer.Ordinal).Count());
        var songs = log.Where(e => e.Kind == PageKind.MusicDetail).Select(e => e.PathAndQuery).ToList();
        Assert.Equal(songs.Count, songs.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(firstLog, e => e.Kind == PageKind.MusicDetail);

        var scores = await new ScoreRepository(world.Database).ReadSnapshotScoresAsync(world.UserId, world.Region, second.SnapshotId!.Value).WaitAsync(Timeout);
        Assert.Equal(sim.Scores.Sum(s => s.PlayCount), scores.Sum(s => s.Score.PlayCount ?? 0));
        // The plays that left the site's last 50 before their page was read can never be read: no longer pending, no detail.
        var shown = sim.Recent.Select(p => (p.UnixTime, p.Track)).ToHashSet();
        var stored = await ListPlaysAsync(world);
        Assert.Equal(sim.Recent.Count + 3, stored.Count);
        Assert.All(stored.Where(p => shown.Contains((p.PlayedAt, p.Track))), p => Assert.True(p is { DetailPending: false, Judgements: not null }, p.ToString()));
        Assert.All(stored.Where(p => !shown.Contains((p.PlayedAt, p.Track))), p => Assert.True(p is { DetailPending: false, Judgements: null }, p.ToString()));
        Assert.Empty(node.Logs.Errors);
    }

    private static void AssertNoPageTwice(IReadOnlyList<RequestLogEntry> log)
    {
        var twice = log.Where(e => e.Kind is PageKind.PlaylogDetail or PageKind.MusicDetail)
            .GroupBy(e => e.PathAndQuery, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "requested twice: " + string.Join(", ", twice));
    }

    private static async Task<IReadOnlyList<RecentPlay>> ListPlaysAsync(FetchWorld world) =>
        await new RecentPlayRepository(world.Database).ListAsync(world.UserId, world.Region, long.MaxValue, long.MaxValue, int.MaxValue, 200).WaitAsync(Timeout);

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
