using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Scores;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>
/// The detail phase's storage on both providers: the queue is filled with a snapshot, taken over by a newer fetch
/// (plays re-keyed, plays gone from the record dropped, a chart queued once), read back for a resume and settled
/// page by page; a lost detail phase is released, resumed by one silo only, and the resume claims the rate limit;
/// the score-set revision moves with each filled-in page; a first fetch's queue is written in batches.
/// </summary>
public sealed class DetailQueueRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_queue_is_filled_taken_over_by_a_newer_fetch_read_back_and_settled_page_by_page(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var charts = await db.AddChartsAsync(10);
        var queue = new DetailQueueRepository(db.Database);
        var first = await StartAsync(db, user, "node-a", Now);

        QueuedPlay Play(long at, int track, string idx) => new(at, track, idx, at - 9 * 3600, "Song " + at, ChartType.Dx, Difficulty.Master);
        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            var gone = await queue.QueueAsync(transaction, user, Region.Intl, first,
                [Play(1000, 1, "a,1000"), Play(2000, 2, "b,2000"), Play(3000, 3, "c,3000")],
                [new(charts[0], "m1", ChartType.Std, Difficulty.Basic), new(charts[1], "m1", ChartType.Std, Difficulty.Advanced), new(charts[2], "m2", ChartType.Std, Difficulty.Expert)],
                recordKeys: null).WaitAsync(Timeout);
            Assert.Empty(gone);
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        var (plays, queued) = await queue.ListAsync(user, Region.Intl).WaitAsync(Timeout);
        Assert.Equal([3000L, 2000L, 1000L], plays.Select(p => p.PlayedAt));
        Assert.Equal(["m1", "m1", "m2"], queued.Select(c => c.MusicIdx));

        // Two pages stored: each leaves the queue in its own transaction (one song page settles both of its charts).
        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            await queue.RemovePlayAsync(transaction, user, Region.Intl, 3000, 3).WaitAsync(Timeout);
            await queue.RemoveSongPageAsync(transaction, user, Region.Intl, "m1").WaitAsync(Timeout);
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        (plays, queued) = await queue.ListAsync(user, Region.Intl).WaitAsync(Timeout);
        Assert.Equal([2000L, 1000L], plays.Select(p => p.PlayedAt));
        Assert.Equal([charts[2]], queued.Select(c => c.ChartId));

        // A newer fetch's record: play 2000 moved to another idx, play 1000 left the last 50, one new play, and
        // chart 2 changed again on another song page (still one row), chart 3 newly.
        var second = first + 1000;
        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            var recordKeys = new Dictionary<(long, int), string> { [(2000, 2)] = "moved,2000", [(4000, 1)] = "d,4000" };
            var gone = await queue.QueueAsync(transaction, user, Region.Intl, second, [Play(4000, 1, "d,4000")],
                [new(charts[2], "m2b", ChartType.Std, Difficulty.Expert), new(charts[3], "m3", ChartType.Std, Difficulty.Master)],
                recordKeys).WaitAsync(Timeout);
            Assert.Equal([(1000L, 1)], gone);
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        // What a resume reads: exactly what is left, re-keyed.
        (plays, queued) = await queue.ListAsync(user, Region.Intl).WaitAsync(Timeout);
        Assert.Equal([(4000L, "d,4000"), (2000L, "moved,2000")], plays.Select(p => (p.PlayedAt, p.PlaylogIdx)));
        Assert.Equal([(charts[2], "m2b"), (charts[3], "m3")], queued.Select(c => (c.ChartId, c.MusicIdx)).OrderBy(c => c.ChartId));

        // Another user's queue is not this one's.
        var other = await db.AddUserAsync("2000");
        var (otherPlays, otherCharts) = await queue.ListAsync(other, Region.Intl).WaitAsync(Timeout);
        Assert.Empty(otherPlays);
        Assert.Empty(otherCharts);

        // Settled: nothing left.
        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            await queue.RemovePlayAsync(transaction, user, Region.Intl, 4000, 1).WaitAsync(Timeout);
            await queue.RemovePlayAsync(transaction, user, Region.Intl, 2000, 2).WaitAsync(Timeout);
            await queue.RemoveSongPageAsync(transaction, user, Region.Intl, "m2b").WaitAsync(Timeout);
            await queue.RemoveSongPageAsync(transaction, user, Region.Intl, "m3").WaitAsync(Timeout);
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        (plays, queued) = await queue.ListAsync(user, Region.Intl).WaitAsync(Timeout);
        Assert.Empty(plays);
        Assert.Empty(queued);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_released_detail_phase_is_resumed_by_one_silo_once_the_rate_limit_allows(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var fetches = new FetchRepository(db.Database);
        var id = await StartAsync(db, user, "node-a", Now);

        // Before its snapshot, a fetch cannot be resumed (nothing is queued for it; it fails as lost instead).
        Assert.IsType<FetchStart.Conflict>(await fetches.TryResumeDetailAsync(id, "node-a", "node-b", Now.AddMinutes(5), Minute).WaitAsync(Timeout));
        Assert.Equal(Now.AddMinutes(1), await NextAllowedAsync(db, user));

        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            Assert.True(await fetches.SnapshotStoredAsync(transaction, id, 77, 0, 5, Now.AddSeconds(5)).WaitAsync(Timeout));
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        // Only its own node releases it.
        var pages = PagesRequested.From([KeyValuePair.Create(FetchStage.PlayerData, 1), KeyValuePair.Create(FetchStage.PlayDetails, 2)]);
        Assert.False(await ReleaseAsync(db, id, "node-b", pages));
        Assert.True(await ReleaseAsync(db, id, "node-a", pages));
        var released = (await fetches.GetAsync(id).WaitAsync(Timeout))!;
        Assert.Equal((FetchState.Running, (string?)null, 77L, pages), (released.State, released.NodeId, released.SnapshotId!.Value, released.PagesRequested));

        // Within the minute the resume waits; a silo that names the wrong owner spends nothing.
        var limited = Assert.IsType<FetchStart.RateLimited>(await fetches.TryResumeDetailAsync(id, null, "node-b", Now.AddSeconds(30), Minute).WaitAsync(Timeout));
        Assert.Equal(Now.AddMinutes(1), limited.NextAllowedAt);
        var at = Now.AddSeconds(61);
        Assert.IsType<FetchStart.Conflict>(await fetches.TryResumeDetailAsync(id, "node-x", "node-b", at, Minute).WaitAsync(Timeout));
        Assert.Equal(Now.AddMinutes(1), await NextAllowedAsync(db, user));

        var resumed = Assert.IsType<FetchStart.Started>(await fetches.TryResumeDetailAsync(id, null, "node-b", at, Minute).WaitAsync(Timeout));
        Assert.Equal(("node-b", id, at), (resumed.Fetch.NodeId, resumed.Fetch.Id, resumed.Fetch.HeartbeatAt));
        Assert.Equal(at + Minute, await NextAllowedAsync(db, user));

        // A second silo that found it lost too comes second: it was not the released row any more.
        Assert.IsType<FetchStart.Conflict>(await fetches.TryResumeDetailAsync(id, null, "node-c", at.AddMinutes(5), Minute).WaitAsync(Timeout));

        // Progress counts only from the owner: the node that lost it learns so at its next heartbeat.
        var status = resumed.Fetch.ToStatus() with { Stage = FetchStage.MusicDetails, DetailDone = 3, DetailTotal = 5 };
        Assert.False(await fetches.ReportProgressAsync(status, at.AddSeconds(1), "node-a").WaitAsync(Timeout));
        Assert.True(await fetches.ReportProgressAsync(status, at.AddSeconds(1), "node-b").WaitAsync(Timeout));

        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            Assert.True(await fetches.CompleteDetailAsync(transaction, id, at.AddSeconds(2), pages).WaitAsync(Timeout));
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        Assert.Equal(FetchState.Completed, (await fetches.GetAsync(id).WaitAsync(Timeout))!.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_score_set_revision_moves_with_each_filled_in_page_per_user_and_region(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var other = await db.AddUserAsync("2000");
        var scores = new ScoreRepository(db.Database);
        Assert.Equal(0, await scores.ReadRevisionAsync(user, Region.Intl).WaitAsync(Timeout));

        for (var i = 0; i < 2; i++)
        {
            await using var transaction = await db.Database.BeginAsync().WaitAsync(Timeout);
            await scores.BumpRevisionAsync(transaction, user, Region.Intl).WaitAsync(Timeout);
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            await scores.BumpRevisionAsync(transaction, user, Region.Jp).WaitAsync(Timeout);
            // Rolled back: the revision moves only with a page that is stored.
        }

        Assert.Equal(2, await scores.ReadRevisionAsync(user, Region.Intl).WaitAsync(Timeout));
        Assert.Equal(0, await scores.ReadRevisionAsync(user, Region.Jp).WaitAsync(Timeout));
        Assert.Equal(0, await scores.ReadRevisionAsync(other, Region.Intl).WaitAsync(Timeout));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_first_fetch_queues_every_chart_across_batches_and_repeats_fold_as_upserts(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var chartIds = await db.AddChartsAsync(1_201);
        var queue = new DetailQueueRepository(db.Database);

        // More charts than one statement holds; chart 0 twice (its second idx wins, as a second upsert would make it),
        // and one play twice (the first row's fields, the second's idx).
        List<QueuedChart> charts = [.. chartIds.Select((id, i) => new QueuedChart(id, $"song-{i / 10}", ChartType.Dx, (Difficulty)(i % 5)))];
        charts.Add(charts[0] with { MusicIdx = "song-moved", Difficulty = Difficulty.ReMaster });
        QueuedPlay[] plays =
        [
            new(1_700_000_000, 1, "1700000000,1", 1_700_000_100, "first title", ChartType.Std, Difficulty.Master),
            new(1_700_000_000, 2, "1700000000,2", 1_700_000_100, "other", ChartType.Dx, Difficulty.Expert),
            new(1_700_000_000, 1, "1700000000,1b", 1_700_000_200, "second title", ChartType.Dx, Difficulty.Basic),
        ];

        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            Assert.Empty(await queue.QueueAsync(transaction, user, Region.Intl, 7, plays, charts, null).WaitAsync(Timeout));
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        var (queuedPlays, queuedCharts) = await queue.ListAsync(user, Region.Intl).WaitAsync(Timeout);
        Assert.Equal(1_201, queuedCharts.Count);
        Assert.Equal(chartIds.Order(), queuedCharts.Select(c => c.ChartId).Order());
        Assert.Equal(charts[0] with { MusicIdx = "song-moved" }, queuedCharts.Single(c => c.ChartId == chartIds[0]));
        Assert.Equal(charts[1_200], queuedCharts.Single(c => c.ChartId == chartIds[1_200]));
        Assert.Equal(2, queuedPlays.Count);
        Assert.Equal(plays[0] with { PlaylogIdx = "1700000000,1b" }, queuedPlays.Single(p => p.Track == 1));
        var (jpPlays, jpCharts) = await queue.ListAsync(user, Region.Jp).WaitAsync(Timeout);
        Assert.Empty(jpPlays);
        Assert.Empty(jpCharts);

        // A later fetch queues a chart already waiting: one row still, with the newer idx.
        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            await queue.QueueAsync(transaction, user, Region.Intl, 8, [], [charts[5] with { MusicIdx = "song-new" }], null).WaitAsync(Timeout);
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        (_, queuedCharts) = await queue.ListAsync(user, Region.Intl).WaitAsync(Timeout);
        Assert.Equal(1_201, queuedCharts.Count);
        Assert.Equal("song-new", queuedCharts.Single(c => c.ChartId == chartIds[5]).MusicIdx);
    }

    private static async Task<long> StartAsync(TestDatabase db, long user, string node, DateTimeOffset at)
    {
        var fetches = new FetchRepository(db.Database);
        var started = Assert.IsType<FetchStart.Started>(await fetches.TryStartAsync(user, Region.Intl, node, at, Minute).WaitAsync(Timeout));
        Assert.True(await fetches.MarkRunningAsync(started.Fetch.Id, at).WaitAsync(Timeout));
        return started.Fetch.Id;
    }

    private static async Task<bool> ReleaseAsync(TestDatabase db, long id, string node, PagesRequested pages)
    {
        await using var transaction = await db.Database.BeginAsync().WaitAsync(Timeout);
        var released = await new FetchRepository(db.Database).ReleaseDetailAsync(transaction, id, node, Now.AddSeconds(20), pages).WaitAsync(Timeout);
        await transaction.CommitAsync().WaitAsync(Timeout);
        return released;
    }

    private static async Task<DateTimeOffset?> NextAllowedAsync(TestDatabase db, long user)
    {
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        var next = await Dapper.SqlMapper.ExecuteScalarAsync<DateTimeOffset?>(connection,
            "SELECT next_fetch_allowed_at FROM user_region_state WHERE user_id = @User", new { User = user }).WaitAsync(Timeout);
        return next?.ToUniversalTime();
    }
}
