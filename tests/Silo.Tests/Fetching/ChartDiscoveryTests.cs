using Dapper;
using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Silo.Fetching.Internal;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// A fetch's discovered charts: kept out of the shared directory, gone with a rollback, and created once when two
/// fetches discover the same chart at the same time (the unique key settles it; the second finds the first's row).
/// </summary>
public sealed class ChartDiscoveryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rolled_back_discovery_never_reaches_the_shared_directory_or_the_database(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        await db.AddChartsAsync(10);
        var cache = NewCache(db);
        var set = await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout);
        var directory = set.ChartsFor(Region.Intl);

        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            var discovery = new ChartDiscovery(directory, new SongRepository(db.Database));
            var id = await discovery.ResolveAsync(transaction, Row("Unknown song"), default).WaitAsync(Timeout);
            Assert.Equal((2, 1), (discovery.Inserted, discovery.ChartsInserted)); // its song and its chart
            Assert.NotNull(discovery.Find(id));
            Assert.Null(directory.Find(id));

            // The same row again in the same fetch finds its own discovery, inserting nothing more.
            Assert.Equal(id, await discovery.ResolveAsync(transaction, Row("Unknown song"), default).WaitAsync(Timeout));
            Assert.Equal(2, discovery.Inserted);
        }

        Assert.Equal(10, await CountAsync(db, "SELECT COUNT(*) FROM charts"));
        Assert.Same(set, await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout));
        Assert.Equal(1, cache.Loads);
    }

    [Fact]
    public async Task Two_fetches_discovering_the_same_chart_create_it_once()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres", postgres);
        await db.AddChartsAsync(10);
        var directory = (await NewCache(db).GetCurrentAsync(default).AsTask().WaitAsync(Timeout)).ChartsFor(Region.Intl);

        await using var first = await db.Database.BeginAsync().WaitAsync(Timeout);
        await using var second = await db.Database.BeginAsync().WaitAsync(Timeout);
        var firstDiscovery = new ChartDiscovery(directory, new SongRepository(db.Database));
        var secondDiscovery = new ChartDiscovery(directory, new SongRepository(db.Database));
        var id = await firstDiscovery.ResolveAsync(first, Row("New song"), default).WaitAsync(Timeout);

        // The second INSERT waits on the first's uncommitted row (or runs after its commit): either way it inserts nothing.
        var racing = secondDiscovery.ResolveAsync(second, Row("New song"), default);
        await first.CommitAsync().WaitAsync(Timeout);
        Assert.Equal(id, await racing.WaitAsync(Timeout));
        await second.CommitAsync().WaitAsync(Timeout);

        Assert.Equal((2, 0), (firstDiscovery.Inserted, secondDiscovery.Inserted));
        Assert.Equal(1, await CountAsync(db, "SELECT COUNT(*) FROM charts WHERE discovered"));
        Assert.Equal(1, await CountAsync(db, "SELECT COUNT(*) FROM songs WHERE discovered"));
    }

    private static SongCache NewCache(TestDatabase db) =>
        new(new SongRepository(db.Database), new ManualTimeProvider(), Options.Create(new SongCacheOptions()));

    private static ScoreListRow Row(string title) => new(
        "POPS＆ANIME", title, ChartType.Dx, Difficulty.Master, new Level(130), new Achievement(1_000_000), 900, 1200,
        ComboLamp.None, SyncLamp.None, null, "idx");

    private static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<long>(sql).WaitAsync(Timeout);
    }
}
