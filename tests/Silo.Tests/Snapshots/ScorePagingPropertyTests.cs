using System.Text;
using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Silo.Hosting;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Snapshots;

/// <summary>
/// ListScores answered cold (one keyset SELECT per page in the database: the score cache off) and warm (the set
/// sorted in memory from the cache) must give the same pages, and together exactly the snapshot's scores in
/// ListScores order as a plain in-memory sort of the test's own model computes it: no duplicate, no gap, ties
/// broken by chart id. Random songs (titles that tie, differ only past a surrogate pair, or sort differently by
/// UTF-16 and by code point), random charts with international levels, three snapshots of versions, random filters
/// and page sizes; on PostgreSQL and SQLite.
/// </summary>
public sealed class ScorePagingPropertyTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset T0 = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    // Ties, case, full-width letters, an astral character (a surrogate pair) against U+E000 and U+FF5E, which
    // UTF-16 order puts after it and code point order before it.
    private static readonly string[] Titles =
    [
        "Song", "song", "Ｓｏｎｇ", "𝄞 Clef", "\uE000 Private", "～ Wave", "ユニコード", "Song 2", "A", "AB", "Ab", "", "z𝄞", "z\uFFFD",
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cold_and_warm_pages_equal_a_full_in_memory_sort_for_random_filters(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var random = new Random(15_2026);
        var model = await Model.SeedAsync(db, random);
        await using var cold = Node(provider, db.Database, cacheScores: false);
        await using var warm = Node(provider, db.Database, cacheScores: true);

        var queries = new List<ScoreQuery> { new() };
        queries.AddRange(Enumerable.Range(0, 14).Select(_ => RandomQuery(random)));
        foreach (var (snapshotId, asOf) in new[] { (model.AliceIntl, model.AliceIntlScores), (model.AliceJp, model.AliceJpScores) })
        {
            foreach (var query in queries)
            {
                var expected = asOf.Where(s => ScoreListingMatches(s, query)).OrderBy(s => s, ExpectedOrder.Instance).ToList();
                foreach (var size in new[] { 1, 3, 16, 500 })
                {
                    if (size == 1 && query != queries[0])
                    {
                        continue; // one page per score: the unfiltered listing is enough for the smallest size
                    }

                    var coldPages = await WalkAsync(cold.Queries, model.Alice, snapshotId, query, size);
                    var warmPages = await WalkAsync(warm.Queries, model.Alice, snapshotId, query, size);
                    Assert.Equal(coldPages.Count, warmPages.Count);
                    for (var i = 0; i < coldPages.Count; i++)
                    {
                        Assert.Equal(warmPages[i].Next, coldPages[i].Next);
                        Assert.Equal(warmPages[i].Scores, coldPages[i].Scores);
                    }

                    var listed = coldPages.SelectMany(p => p.Scores).ToList();
                    Assert.Equal(expected, listed);
                    Assert.Equal(listed.Count, listed.Select(s => s.ChartId).Distinct().Count());
                    Assert.All(coldPages.SkipLast(1), p => Assert.Equal(size, p.Scores.Count));
                }
            }
        }

        // Bob's snapshot is not Alice's: not found on both paths, first page or not.
        var someCursor = new ScoreCursor(130, "Song", ChartType.Std, Difficulty.Master, 1);
        foreach (var node in new[] { cold, warm })
        {
            Assert.Null(await node.Queries.ListScoresAsync(model.Alice, model.BobIntl, new ScoreQuery(), null, 10, default).WaitAsync(Timeout));
            Assert.Null(await node.Queries.ListScoresAsync(model.Alice, model.BobIntl, new ScoreQuery(), someCursor, 10, default).WaitAsync(Timeout));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_later_cold_page_is_one_query_and_its_cursor_stays_the_users(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var model = await Model.SeedAsync(db, new Random(7));
        await using var cold = Node(provider, db.Database, cacheScores: false);
        var first = await cold.Queries.ListScoresAsync(model.Alice, model.AliceIntl, new ScoreQuery(), null, 5, default).WaitAsync(Timeout);
        Assert.Equal(5, first!.Scores.Count);
        Assert.Equal(new ScoreSetPosition(Region.Intl, 2), first.Next!.Set);

        // Alice's cursor in Bob's hands, or on Bob's snapshot: not found, never a page of anyone's scores.
        Assert.Null(await cold.Queries.ListScoresAsync(model.Bob, model.AliceIntl, new ScoreQuery(), first.Next, 5, default).WaitAsync(Timeout));
        Assert.Null(await cold.Queries.ListScoresAsync(model.Alice, model.BobIntl, new ScoreQuery(), first.Next, 5, default).WaitAsync(Timeout));

        // A cursor placed elsewhere (another seq) still pages the snapshot asked for, as its own row says.
        var second = await cold.Queries.ListScoresAsync(model.Alice, model.AliceIntl, new ScoreQuery(), first.Next, 5, default).WaitAsync(Timeout);
        var misplaced = await cold.Queries.ListScoresAsync(model.Alice, model.AliceIntl, new ScoreQuery(),
            first.Next with { Set = new ScoreSetPosition(Region.Intl, 3) }, 5, default).WaitAsync(Timeout);
        Assert.Equal(second!.Scores, misplaced!.Scores);

        // After the last score in the order: the snapshot is still found, the page is empty.
        var end = new ScoreCursor(int.MinValue, "", ChartType.Std, Difficulty.Basic, 0);
        var past = await cold.Queries.ListScoresAsync(model.Alice, model.AliceIntl, new ScoreQuery(), end, 5, default).WaitAsync(Timeout);
        Assert.Empty(past!.Scores);
        Assert.Null(past.Next);

        if (provider == "Postgres")
        {
            // The first page: the snapshot's row, then the page. A later one: the page alone. Never the whole set.
            using var commands = PostgresCommandCounter.Start();
            _ = await cold.Queries.ListScoresAsync(model.Alice, model.AliceIntl, new ScoreQuery(), null, 5, default).WaitAsync(Timeout);
            Assert.Equal(2, commands.Count);
            Assert.Contains("LIMIT", commands.Commands[1], StringComparison.Ordinal);
            commands.Reset();
            _ = await cold.Queries.ListScoresAsync(model.Alice, model.AliceIntl, new ScoreQuery(), first.Next, 5, default).WaitAsync(Timeout);
            Assert.Contains("LIMIT", Assert.Single(commands.Commands), StringComparison.Ordinal);
        }
    }

    private static async Task<List<ScorePage>> WalkAsync(ISnapshotQueries queries, long userId, long snapshotId, ScoreQuery query, int size)
    {
        var pages = new List<ScorePage>();
        ScoreCursor? after = null;
        do
        {
            var page = await queries.ListScoresAsync(userId, snapshotId, query, after, size, default).WaitAsync(Timeout)
                ?? throw new InvalidOperationException("The snapshot was not found.");
            pages.Add(page);
            after = page.Next;
            Assert.True(pages.Count <= 10_000, "paging does not end");
        }
        while (after is not null);
        return pages;
    }

    private static ScoreQuery RandomQuery(Random random)
    {
        HashSet<T> Some<T>(T[] values) => random.Next(3) == 0 ? [.. values.Where(_ => random.Next(2) == 0)] : [];
        var min = random.Next(3) == 0 ? new Level(random.Next(10, 150)) : (Level?)null;
        var max = random.Next(3) == 0 ? new Level(random.Next(min?.Tenths ?? 10, 151)) : (Level?)null;
        return new ScoreQuery
        {
            Difficulties = Some(Enum.GetValues<Difficulty>()),
            ChartType = random.Next(3) == 0 ? (random.Next(2) == 0 ? ChartType.Std : ChartType.Dx) : null,
            MinLevel = min,
            MaxLevel = max,
            ComboLamps = Some(Enum.GetValues<ComboLamp>()),
            SyncLamps = Some(Enum.GetValues<SyncLamp>()),
        };
    }

    // The filter as ListScoresRequest documents it, written out again here rather than borrowed from the product.
    private static bool ScoreListingMatches(ListedScore s, ScoreQuery q) =>
        (q.Difficulties.Count == 0 || q.Difficulties.Contains(s.Difficulty))
        && (q.ChartType is null || q.ChartType == s.ChartType)
        && (q.MinLevel is null || s.Level.Tenths >= q.MinLevel.Value.Tenths)
        && (q.MaxLevel is null || s.Level.Tenths <= q.MaxLevel.Value.Tenths)
        && (q.ComboLamps.Count == 0 || q.ComboLamps.Contains(s.ComboLamp))
        && (q.SyncLamps.Count == 0 || q.SyncLamps.Contains(s.SyncLamp));

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

    /// <summary>Level descending, then title by UTF-8 bytes, chart type, difficulty, chart id.</summary>
    private sealed class ExpectedOrder : IComparer<ListedScore>
    {
        public static readonly ExpectedOrder Instance = new();

        public int Compare(ListedScore? x, ListedScore? y)
        {
            var c = y!.Level.Tenths.CompareTo(x!.Level.Tenths);
            if (c == 0)
            {
                c = Encoding.UTF8.GetBytes(x.Title).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y.Title));
            }

            if (c == 0)
            {
                c = ((int)x.ChartType).CompareTo((int)y.ChartType);
            }

            if (c == 0)
            {
                c = ((int)x.Difficulty).CompareTo((int)y.Difficulty);
            }

            return c != 0 ? c : x.ChartId.CompareTo(y.ChartId);
        }
    }

    private sealed record ModelChart(int Id, int SongId, string Title, string Artist, string Genre, ChartType Type, Difficulty Difficulty,
        int Level, int? IntlLevel, int? Internal, int? IntlInternal, int? Notes);

    /// <summary>What the test wrote, and the score sets it expects as of Alice's middle intl snapshot and her jp one.</summary>
    private sealed class Model
    {
        public long Alice { get; private set; }
        public long Bob { get; private set; }
        public long AliceIntl { get; private set; }
        public long AliceJp { get; private set; }
        public long BobIntl { get; private set; }
        public List<ListedScore> AliceIntlScores { get; } = [];
        public List<ListedScore> AliceJpScores { get; } = [];

        public static async Task<Model> SeedAsync(TestDatabase db, Random random)
        {
            var charts = await AddSongsAsync(db.Database, random);
            var model = new Model { Alice = await db.AddUserAsync("alice") };
            var bob = model.Bob = await db.AddUserAsync("bob");
            var scores = new ScoreRepository(db.Database);

            // Three intl snapshots: scores added and improved each time; the middle one is read, so newer versions exist.
            var state = new Dictionary<int, ChartScore>();
            var ids = new List<long>();
            for (var k = 0; k < 3; k++)
            {
                foreach (var chart in charts.Values.Where(_ => random.Next(100) < (k == 0 ? 55 : 15)))
                {
                    state[chart.Id] = RandomScore(chart.Id, random, k);
                }

                ids.Add(await WriteAsync(scores, db.Database, model.Alice, Region.Intl, state.Values, k));
                if (k == 1)
                {
                    model.AliceIntlScores.AddRange(state.Values.Select(s => Listed(charts, s, Region.Intl)));
                }
            }

            model.AliceIntl = ids[1];
            var jp = charts.Values.Where(_ => random.Next(3) == 0).Select(c => RandomScore(c.Id, random, 0)).ToList();
            model.AliceJp = await WriteAsync(scores, db.Database, model.Alice, Region.Jp, jp, 0);
            model.AliceJpScores.AddRange(jp.Select(s => Listed(charts, s, Region.Jp)));
            model.BobIntl = await WriteAsync(scores, db.Database, bob, Region.Intl, charts.Values.Select(c => RandomScore(c.Id, random, 5)), 0);
            return model;
        }

        private static ChartScore RandomScore(int chartId, Random random, int k) => new(
            chartId, new Achievement(random.Next(800_000, 1_010_001)), random.Next(0, 3000),
            (ComboLamp)random.Next(0, 5), (SyncLamp)random.Next(0, 6), random.Next(4) == 0 ? null : random.Next(1, 50),
            random.Next(4) == 0 ? null : T0.AddDays(k).AddSeconds(random.Next(0, 86_400)));

        private static ListedScore Listed(Dictionary<int, ModelChart> charts, ChartScore s, Region region)
        {
            var c = charts[s.ChartId];
            var level = region == Region.Intl ? c.IntlLevel ?? c.Level : c.Level;
            var internalLevel = region == Region.Intl ? c.IntlInternal ?? c.Internal : c.Internal;
            return new ListedScore(c.Id, c.SongId, c.Title, c.Artist, c.Genre, c.Type, c.Difficulty, new Level(level),
                internalLevel is { } i ? new Level(i) : null, s.Achievement, s.DxScore, c.Notes * 3, s.ComboLamp, s.SyncLamp,
                s.PlayCount, s.LastPlayedAt);
        }

        private static async Task<long> WriteAsync(ScoreRepository scores, Database database, long userId, Region region, IEnumerable<ChartScore> list, int k) =>
            (await scores.WriteSnapshotAsync(database, new SnapshotWrite(userId, region, T0.AddDays(k + 1), null, new PlayerProfile("P" + userId), [.. list]))
                .WaitAsync(Timeout)).SnapshotId;

        // 60 songs, each with a random subset of its possible charts; levels from a small pool so they tie.
        private static async Task<Dictionary<int, ModelChart>> AddSongsAsync(Database database, Random random)
        {
            int[] levels = [70, 100, 120, 127, 130, 137, 140, 145, 150];
            var charts = new Dictionary<int, ModelChart>();
            await using var transaction = await database.BeginAsync().WaitAsync(Timeout);
            for (var song = 0; song < 60; song++)
            {
                var title = Titles[random.Next(Titles.Length)];
                var artist = "artist " + random.Next(5);
                var genre = random.Next(2) == 0 ? "POPS＆アニメ" : "maimai";
                var songId = await transaction.Connection.ExecuteScalarAsync<int>(
                    "INSERT INTO songs (song_key, title, artist, genre, version_code, image_file) VALUES (@Key, @Title, @Artist, @Genre, 10000, 'x.png') RETURNING id",
                    new { Key = "song-" + song, Title = title, Artist = artist, Genre = genre }, transaction.Transaction);
                foreach (var type in new[] { ChartType.Std, ChartType.Dx })
                {
                    foreach (var difficulty in Enum.GetValues<Difficulty>().Where(_ => random.Next(3) != 0))
                    {
                        var level = levels[random.Next(levels.Length)];
                        int? intl = random.Next(4) == 0 ? levels[random.Next(levels.Length)] : null;
                        int? internalLevel = random.Next(3) == 0 ? null : level + random.Next(0, 7);
                        int? intlInternal = random.Next(5) == 0 ? level + random.Next(0, 7) : null;
                        int? notes = random.Next(5) == 0 ? null : random.Next(100, 1200);
                        var id = await transaction.Connection.ExecuteScalarAsync<int>("""
                            INSERT INTO charts (song_id, chart_type, difficulty, level_x10, intl_level_x10, internal_level_x10, intl_internal_level_x10, notes_total)
                            VALUES (@SongId, @Type, @Difficulty, @Level, @Intl, @Internal, @IntlInternal, @Notes) RETURNING id
                            """,
                            new { SongId = songId, Type = (int)type, Difficulty = (int)difficulty, Level = level, Intl = intl, Internal = internalLevel, IntlInternal = intlInternal, Notes = notes },
                            transaction.Transaction);
                        charts[id] = new ModelChart(id, songId, title, artist, genre, type, difficulty, level, intl, internalLevel, intlInternal, notes);
                    }
                }
            }

            await transaction.CommitAsync();
            return charts;
        }
    }
}
