using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Silo.Hosting;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Snapshots;

/// <summary>
/// The listing columns of user_scores (migration 0017) that cold ListScores pages walk: whatever changes a chart's
/// key (an admin's song or chart edit, a merge) or a version's successor (a snapshot written or removed), the next
/// cold page lists the snapshot as the warm path, which rebuilds the set from the versions and the songs database,
/// does. On PostgreSQL and SQLite.
/// </summary>
public sealed class ScoreListingKeysTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task After_an_admin_edits_a_title_and_a_level_the_next_cold_page_shows_and_orders_them(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync("edits");
        var (songA, chartA) = await AddSongAsync(db.Database, "Alpha", level: 130);
        var (_, chartB) = await AddSongAsync(db.Database, "Bravo", level: 130);
        var (_, chartC) = await AddSongAsync(db.Database, "Charlie", level: 120);
        var snapshot = await WriteAsync(db.Database, user, Region.Intl, [chartA, chartB, chartC], 0);

        // The cold node loads its songs library now, so after the edit it is stale until its revision check.
        await using var cold = Node(provider, db.Database, cacheScores: false);
        Assert.Equal([chartA, chartB, chartC], (await ListAsync(cold, user, snapshot)).Select(s => s.ChartId));

        // Another node's admin renames Alpha to Zulu and raises Charlie's international level above the others.
        var editor = new SongEditRepository(db.Database, new SongRepository(db.Database));
        var a = (await editor.GetAsync(songA).WaitAsync(Timeout))!;
        Assert.Equal(SongEditOutcome.Saved, (await editor.UpdateSongAsync(songA, a.Version, a.Fields with { Title = "Zulu" }, AuditActor.Admin(user), T0).WaitAsync(Timeout)).Outcome);
        var c = (await editor.GetAsync((await editor.FindChartSongAsync(chartC).WaitAsync(Timeout))!.Value).WaitAsync(Timeout))!.Charts.Single();
        Assert.Equal(SongEditOutcome.Saved,
            (await editor.UpdateChartAsync(chartC, c.Version, c.Fields with { IntlLevel = new Level(140) }, AuditActor.Admin(user), T0).WaitAsync(Timeout)).Outcome);

        var listed = await ListAsync(cold, user, snapshot);
        Assert.Equal([chartC, chartB, chartA], listed.Select(s => s.ChartId));
        Assert.Equal(["Charlie", "Bravo", "Zulu"], listed.Select(s => s.Title));
        Assert.Equal([140, 130, 130], listed.Select(s => s.Level.Tenths));

        // The warm path, on a node that loads the songs after the edit, agrees page for page.
        await using var warm = Node(provider, db.Database, cacheScores: true);
        Assert.Equal(await ListAsync(warm, user, snapshot), listed);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Removing_snapshots_and_merging_charts_keep_every_cold_listing_equal_to_the_warm_one(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync("history");
        var charts = await db.AddChartsAsync(30);
        var random = new Random(17_0017);
        var scores = new ScoreRepository(db.Database);
        var state = new Dictionary<int, ChartScore>();
        var snapshots = new List<long>();
        for (var k = 0; k < 5; k++)
        {
            foreach (var chart in charts.Where(_ => random.Next(100) < (k == 0 ? 60 : 30)))
            {
                state[chart] = Score(chart, random);
            }

            snapshots.Add(await WriteAsync(db.Database, user, Region.Jp, state.Values, k));
        }

        await AssertColdEqualsWarmAsync(provider, db.Database, user, snapshots);

        // The middle snapshot (its versions move to the next one or go), then the newest (the ones before are the newest again).
        var removal = new SnapshotRemoval(db.Database, TimeProvider.System);
        Assert.True(await removal.DeleteAsync(user, snapshots[2], AuditActor.User(user)).WaitAsync(Timeout));
        Assert.True(await removal.DeleteAsync(user, snapshots[4], AuditActor.User(user)).WaitAsync(Timeout));
        snapshots.RemoveAt(4);
        snapshots.RemoveAt(2);
        await AssertColdEqualsWarmAsync(provider, db.Database, user, snapshots);

        // A discovered chart, scored in the first snapshot written after, merged into a chart scored before: one history.
        var target = charts[0];
        var discovered = await AddDiscoveredChartLikeAsync(db.Database, target);
        state.Remove(target);
        state[discovered] = Score(discovered, random);
        snapshots.Add(await WriteAsync(db.Database, user, Region.Jp, state.Values, 5));
        var merges = new ChartMergeRepository(db.Database, new SongRepository(db.Database));
        Assert.Equal(SongEditOutcome.Saved, (await merges.MergeAsync(discovered, target, AuditActor.Admin(user), T0).WaitAsync(Timeout)).Outcome);
        await AssertColdEqualsWarmAsync(provider, db.Database, user, snapshots);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_migrations_backfill_gives_existing_versions_their_keys_and_successors(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync("backfill");
        var charts = await db.AddChartsAsync(20);
        var random = new Random(2017);
        var state = new Dictionary<int, ChartScore>();
        var snapshots = new List<long>();
        for (var k = 0; k < 3; k++)
        {
            foreach (var chart in charts.Where(_ => random.Next(2) == 0))
            {
                state[chart] = Score(chart, random);
            }

            snapshots.Add(await WriteAsync(db.Database, user, Region.Intl, state.Values, k));
        }

        var written = await ListingColumnsAsync(db.Database);

        // Versions as they were before 0017, then the migration's own UPDATEs.
        await using (var connection = await db.Database.OpenAsync().WaitAsync(Timeout))
        {
            await connection.ExecuteAsync(
                "UPDATE user_scores SET superseded_seq = 2147483647, sort_level = NULL, sort_title = NULL, sort_chart_type = NULL, sort_difficulty = NULL");
            var migration = MigrationRunner.Embedded(db.Database.Dialect).Single(m => m.Version == 17);
            var updates = migration.Sql.Split(';').Select(s => s.Trim()).Where(s => s.Contains("UPDATE user_scores", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(updates);
            foreach (var update in updates)
            {
                await connection.ExecuteAsync(update[update.IndexOf("UPDATE", StringComparison.Ordinal)..]);
            }
        }

        Assert.Equal(written, await ListingColumnsAsync(db.Database));
        Assert.Contains(written, r => r.SupersededSeq != int.MaxValue);
        await AssertColdEqualsWarmAsync(provider, db.Database, user, snapshots);
    }

    [Fact]
    public async Task On_postgres_a_cold_page_is_a_range_of_the_listing_index_without_a_sort()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres", postgres);
        var user = await db.AddUserAsync("plan");
        var charts = await db.AddChartsAsync(400);
        var random = new Random(5);
        var snapshot = await WriteAsync(db.Database, user, Region.Intl, charts.Select(c => Score(c, random)), 0);
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        await connection.ExecuteAsync("VACUUM ANALYZE user_scores");
        var after = new ScoreCursor(70, "Song 3", ChartType.Std, Difficulty.Master, charts[3], new ScoreSetPosition(Region.Intl, 1));
        var (sql, parameters) = ScorePageQuery.Build(user, snapshot, after.Set!, new ScoreQuery(), after, 51);
        var plan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + sql, parameters));
        Assert.Contains("user_scores_listing", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on user_scores", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_sqlite_a_cold_page_is_a_search_of_the_covering_listing_index_without_a_sort()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", postgres);
        var user = await db.AddUserAsync("plan");
        var charts = await db.AddChartsAsync(400);
        var random = new Random(5);
        var snapshot = await WriteAsync(db.Database, user, Region.Intl, charts.Select(c => Score(c, random)), 0);
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        await connection.ExecuteAsync("ANALYZE user_scores");
        var after = new ScoreCursor(70, "Song 3", ChartType.Std, Difficulty.Master, charts[3], new ScoreSetPosition(Region.Intl, 1));
        var query = new ScoreQuery { Difficulties = new HashSet<Difficulty> { Difficulty.Master, Difficulty.ReMaster }, MinLevel = new Level(50) };
        var (sql, parameters) = ScorePageQuery.Build(user, snapshot, after.Set!, query, after, 51);
        var plan = string.Join("\n", (await connection.QueryAsync("EXPLAIN QUERY PLAN " + sql, parameters)).Select(r => (string)r.detail));
        Assert.Contains("USING COVERING INDEX user_scores_listing", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    private static async Task AssertColdEqualsWarmAsync(string provider, Database database, long user, IEnumerable<long> snapshots)
    {
        await using var cold = Node(provider, database, cacheScores: false);
        await using var warm = Node(provider, database, cacheScores: true);
        foreach (var snapshot in snapshots)
        {
            foreach (var size in new[] { 1, 7, 500 })
            {
                var coldListed = await ListAsync(cold, user, snapshot, size);
                Assert.Equal(await ListAsync(warm, user, snapshot, size), coldListed);
                Assert.Equal(coldListed.Count, coldListed.Select(s => s.ChartId).Distinct().Count());
            }
        }
    }

    private static async Task<List<ListedScore>> ListAsync(ApiNode node, long user, long snapshot, int size = 2)
    {
        var listed = new List<ListedScore>();
        ScoreCursor? after = null;
        do
        {
            var page = await node.Queries.ListScoresAsync(user, snapshot, new ScoreQuery(), after, size, default).WaitAsync(Timeout)
                ?? throw new InvalidOperationException("The snapshot was not found.");
            listed.AddRange(page.Scores);
            after = page.Next;
        }
        while (after is not null);
        return listed;
    }

    private static async Task<List<(int ChartId, int Seq, int SupersededSeq, int? SortLevel, string? SortTitle, int? SortType, int? SortDifficulty)>> ListingColumnsAsync(Database database)
    {
        await using var connection = await database.OpenAsync().WaitAsync(Timeout);
        var rows = await connection.QueryAsync<(int, int, int, int?, string?, int?, int?)>("""
            SELECT chart_id, snapshot_seq, superseded_seq, sort_level, sort_title, sort_chart_type, sort_difficulty
            FROM user_scores ORDER BY user_id, region, chart_id, snapshot_seq
            """);
        return [.. rows];
    }

    private static ChartScore Score(int chartId, Random random) => new(
        chartId, new Achievement(random.Next(800_000, 1_010_001)), random.Next(0, 3000), (ComboLamp)random.Next(0, 5),
        (SyncLamp)random.Next(0, 6), random.Next(1, 50), null);

    private static async Task<long> WriteAsync(Database database, long user, Region region, IEnumerable<int> charts, int k) =>
        await WriteAsync(database, user, region, charts.Select(c => Score(c, new Random(c))), k);

    private static async Task<long> WriteAsync(Database database, long user, Region region, IEnumerable<ChartScore> scores, int k) =>
        (await new ScoreRepository(database).WriteSnapshotAsync(database, new SnapshotWrite(user, region, T0.AddDays(k), null, new PlayerProfile("P"), [.. scores]))
            .WaitAsync(Timeout)).SnapshotId;

    private static async Task<(int SongId, int ChartId)> AddSongAsync(Database database, string title, int level)
    {
        await using var connection = await database.OpenAsync().WaitAsync(Timeout);
        var songId = await connection.ExecuteScalarAsync<int>(
            "INSERT INTO songs (song_key, title, artist, genre, version_code, image_file) VALUES (@Key, @Title, 'artist', 'maimai', 10000, 'x.png') RETURNING id",
            new { Key = "key-" + title, Title = title });
        var chartId = await connection.ExecuteScalarAsync<int>(
            "INSERT INTO charts (song_id, chart_type, difficulty, level_x10, notes_total) VALUES (@SongId, 1, 3, @Level, 500) RETURNING id",
            new { SongId = songId, Level = level });
        return (songId, chartId);
    }

    // A discovered song with one discovered chart of the target's type and difficulty, as a fetch adds one.
    private static async Task<int> AddDiscoveredChartLikeAsync(Database database, int target)
    {
        await using var connection = await database.OpenAsync().WaitAsync(Timeout);
        var (type, difficulty, level) = await connection.QuerySingleAsync<(int, int, int)>(
            "SELECT chart_type, difficulty, level_x10 FROM charts WHERE id = @Id", new { Id = target });
        var songId = await connection.ExecuteScalarAsync<int>(
            "INSERT INTO songs (song_key, title, artist, genre, version_code, image_file, discovered) VALUES ('discovered', 'Found', '', 'maimai', 0, 'x.png', TRUE) RETURNING id");
        return await connection.ExecuteScalarAsync<int>(
            "INSERT INTO charts (song_id, chart_type, difficulty, level_x10, discovered) VALUES (@SongId, @Type, @Difficulty, @Level, TRUE) RETURNING id",
            new { SongId = songId, Type = type, Difficulty = difficulty, Level = level + 5 });
    }

    private static ApiNode Node(string provider, Database database, bool cacheScores)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = database.ConnectionString,
            ["SnapshotCache:MaxScores"] = cacheScores ? "100000" : "0",
        }).Build();
        return new ApiNode(new ServiceCollection().AddLogging().AddStorage(configuration).AddApi(configuration).BuildServiceProvider());
    }

    private sealed class ApiNode(ServiceProvider services) : IAsyncDisposable
    {
        public ISnapshotQueries Queries => services.GetRequiredService<ISnapshotQueries>();

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
