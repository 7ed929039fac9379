using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Tests.Songs;

/// <summary>
/// The in-memory songs database: read once and shared, read again when the songs revision moved (an import by
/// another process), after Invalidate and once a day (a fake clock), with one load for concurrent readers.
/// </summary>
public sealed class SongCacheTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Reads_share_one_load_until_an_import_elsewhere_moves_the_revision()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres", postgres);
        await db.AddChartsAsync(10);
        var clock = new ManualTimeProvider();
        var cache = NewCache(db.Database, clock);

        var first = await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout);
        Assert.Same(first, await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout));
        Assert.Same(first, await cache.GetAsync(default).AsTask().WaitAsync(Timeout));
        Assert.Equal(1, cache.Loads);
        Assert.Equal((1, 10), (first.Library.Songs.Count, first.Library.ChartCount));

        // The importer knows no cache (the CLI runs in its own process): the revision it moves is what tells.
        var importer = new SongRepository(db.Database);
        await importer.ImportAsync(Catalog("Imported"), Region.Jp).WaitAsync(Timeout);
        Assert.Same(first, await cache.GetAsync(default).AsTask().WaitAsync(Timeout)); // API reads check every 30 s
        var second = await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout);
        Assert.Contains(second.Library.Songs, s => s.Title == "Imported");
        Assert.NotNull(second.ChartsFor(Region.Intl).Find(second.Library.Songs.Single(s => s.Title == "Imported").Charts[0].Id));
        Assert.Equal((2, second.Revision), (cache.Loads, first.Revision + 1));

        // An import that changes nothing leaves the revision, so nothing is read again.
        Assert.Equal(0, (await importer.ImportAsync(Catalog("Imported"), Region.Jp).WaitAsync(Timeout)).Changes);
        Assert.Same(second, await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout));

        // API reads see another process's import once the check interval has passed.
        await importer.ImportAsync(Catalog("Later"), Region.Jp).WaitAsync(Timeout);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Same(second, await cache.GetAsync(default).AsTask().WaitAsync(Timeout));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains((await cache.GetAsync(default).AsTask().WaitAsync(Timeout)).Library.Songs, s => s.Title == "Later");
        Assert.Equal(3, cache.Loads);
    }

    [Fact]
    public async Task Concurrent_reads_of_a_cold_cache_share_one_load()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres", postgres);
        await db.AddChartsAsync(20);
        var cache = NewCache(db.Database, new ManualTimeProvider());

        // The sync point: the load blocks on the charts table until every reader has asked.
        var readers = new List<Task<SongSet>>();
        await using (var blocker = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            await blocker.Connection.ExecuteAsync("LOCK TABLE charts IN ACCESS EXCLUSIVE MODE", transaction: blocker.Transaction).WaitAsync(Timeout);
            for (var i = 0; i < 16; i++)
            {
                readers.Add(cache.GetCurrentAsync(default).AsTask());
            }

            Assert.DoesNotContain(readers, r => r.IsCompleted);
        }

        var sets = await Task.WhenAll(readers).WaitAsync(Timeout);
        Assert.All(sets, s => Assert.Same(sets[0], s));
        Assert.Equal(1, cache.Loads);
        Assert.Equal(20, sets[0].Library.ChartCount);
    }

    [Fact]
    public async Task The_set_is_read_again_once_a_day_and_after_Invalidate()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres", postgres);
        await db.AddChartsAsync(10);
        var clock = new ManualTimeProvider();
        var cache = NewCache(db.Database, clock);
        var queries = new SongQueries(cache);

        var first = await queries.GetLibraryAsync(default).AsTask().WaitAsync(Timeout);
        await using (var connection = await db.Database.OpenAsync().WaitAsync(Timeout))
        {
            // A write that does not move the revision (hand-made SQL): only the daily refresh picks it up.
            await connection.ExecuteAsync("UPDATE songs SET title = 'Renamed'").WaitAsync(Timeout);
        }

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Same(first, await queries.GetLibraryAsync(default).AsTask().WaitAsync(Timeout));
        Assert.Same(first, (await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout)).Library);
        clock.Advance(TimeSpan.FromHours(1));
        var second = await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout);
        Assert.Equal("Renamed", second.Library.Songs.Single().Title);
        Assert.Same(second.Library, await queries.GetLibraryAsync(default).AsTask().WaitAsync(Timeout));
        Assert.Equal(2, cache.Loads);

        await db.AddChartsAsync(10);
        queries.Invalidate();
        Assert.Equal(2, (await queries.GetLibraryAsync(default).AsTask().WaitAsync(Timeout)).Songs.Count);
        Assert.Equal(3, cache.Loads);
    }

    [Fact]
    public async Task A_load_in_flight_when_Invalidate_runs_serves_its_readers_but_is_not_kept()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres", postgres);
        await db.AddChartsAsync(10);
        var cache = NewCache(db.Database, new ManualTimeProvider());

        Task<SongSet> before;
        await using (var blocker = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            await blocker.Connection.ExecuteAsync("LOCK TABLE charts IN ACCESS EXCLUSIVE MODE", transaction: blocker.Transaction).WaitAsync(Timeout);
            before = cache.GetCurrentAsync(default).AsTask();
            cache.Invalidate();
        }

        var stale = await before.WaitAsync(Timeout);
        var after = await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout);
        Assert.NotSame(stale, after);
        Assert.Same(after, await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout));
        Assert.Equal(2, cache.Loads);
    }

    private static SongCache NewCache(Database database, TimeProvider clock) =>
        new(new SongRepository(database), clock, Options.Create(new SongCacheOptions()));

    private static SongCatalog Catalog(string title) => new([new Song(
        SongKeys.For(title, title + ".png"), title, "artist", "POPS＆アニメ", 24000, null, title + ".png", null, true, null, null,
        [new Chart(ChartType.Dx, Difficulty.Master, new Level(130), new Level(134), NoteCounts.Unknown, null)])]);
}
