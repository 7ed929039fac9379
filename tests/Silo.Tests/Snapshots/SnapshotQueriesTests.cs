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
/// How many SQL commands the API's snapshot reads send (counted from Npgsql's own tracing), composed as the
/// host composes them: one to find a snapshot in either region, none for what the score cache already holds,
/// and another user's snapshot id stays not found either way.
/// </summary>
public sealed class SnapshotQueriesTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset T0 = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Finding_a_snapshot_is_one_query_in_either_region_and_for_another_users_id()
    {
        await using var world = await World.CreateAsync(postgres, cacheScores: false);

        foreach (var (snapshotId, region) in new[] { (world.Jp, Region.Jp), (world.Intl, Region.Intl) })
        {
            using var commands = PostgresCommandCounter.Start();
            var detail = await world.Queries.GetSnapshotAsync(world.Alice, snapshotId, default).WaitAsync(Timeout);
            Assert.Equal(region, detail!.Region);
            Assert.Equal(snapshotId, detail.Id);
            Assert.Single(commands.Commands);
        }

        foreach (var snapshotId in new[] { world.Jp, world.Intl, world.BobJp + 1000 })
        {
            using var commands = PostgresCommandCounter.Start();
            Assert.Null(await world.Queries.GetSnapshotAsync(world.Bob, snapshotId, default).WaitAsync(Timeout));
            Assert.Null(await world.Queries.ListScoresAsync(world.Bob, snapshotId, new ScoreQuery(), null, 10, default).WaitAsync(Timeout));

            // One each: the snapshot's row, looked up by id and user, is not Bob's.
            Assert.Equal(2, commands.Count);
        }

        using (var commands = PostgresCommandCounter.Start())
        {
            // Without the score cache every page is the snapshot's row and one keyset SELECT of the page.
            var page = await world.Queries.ListScoresAsync(world.Alice, world.Jp, new ScoreQuery(), null, 2, default).WaitAsync(Timeout);
            Assert.Equal(2, page!.Scores.Count);
            Assert.Equal(2, commands.Count);
        }
    }

    [Fact]
    public async Task A_cached_score_set_answers_its_owner_without_the_database_and_others_with_not_found()
    {
        await using var world = await World.CreateAsync(postgres, cacheScores: true);

        using (var commands = PostgresCommandCounter.Start())
        {
            // The snapshot's row, the score-set revision the set is cached at, the set.
            var first = await world.Queries.ListScoresAsync(world.Alice, world.Jp, new ScoreQuery(), null, 2, default).WaitAsync(Timeout);
            Assert.Equal(3, commands.Count);

            commands.Reset();
            var second = await world.Queries.ListScoresAsync(world.Alice, world.Jp, new ScoreQuery(), first!.Next, 2, default).WaitAsync(Timeout);
            Assert.Single(second!.Scores);
            var detail = await world.Queries.GetSnapshotAsync(world.Alice, world.Jp, default).WaitAsync(Timeout);
            Assert.Equal((Region.Jp, 7), (detail!.Region, detail.Profile.Stars));
            Assert.Empty(commands.Commands);

            Assert.Null(await world.Queries.GetSnapshotAsync(world.Bob, world.Jp, default).WaitAsync(Timeout));
            Assert.Null(await world.Queries.ListScoresAsync(world.Bob, world.Jp, new ScoreQuery(), null, 2, default).WaitAsync(Timeout));
            Assert.Empty(commands.Commands);
        }

        // The cached row is the one the database holds.
        await using var fresh = await World.CreateAsync(postgres, cacheScores: false, world.Database);
        Assert.Equal(
            await fresh.Queries.GetSnapshotAsync(world.Alice, world.Jp, default).WaitAsync(Timeout),
            await world.Queries.GetSnapshotAsync(world.Alice, world.Jp, default).WaitAsync(Timeout));
    }

    /// <summary>Alice with a jp and an intl snapshot, Bob with a jp one; the API's services over one database.</summary>
    private sealed class World : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly TestDatabase? _owned;

        private World(ServiceProvider services, TestDatabase? owned, Database database)
        {
            _services = services;
            _owned = owned;
            Database = database;
        }

        public Database Database { get; }

        public ISnapshotQueries Queries => _services.GetRequiredService<ISnapshotQueries>();

        public long Alice { get; private set; }

        public long Bob { get; private set; }

        public long Jp { get; private set; }

        public long Intl { get; private set; }

        public long BobJp { get; private set; }

        public static async Task<World> CreateAsync(PostgresFixture postgres, bool cacheScores, Database? shared = null)
        {
            var owned = shared is null ? await TestDatabase.CreateAsync("Postgres", postgres) : null;
            var database = shared ?? owned!.Database;
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Postgres",
                ["Storage:ConnectionString"] = database.ConnectionString,
                ["SnapshotCache:MaxScores"] = cacheScores ? "1000" : "0",
            }).Build();
            var services = new ServiceCollection().AddLogging().AddStorage(configuration).AddApi(configuration).BuildServiceProvider();
            var world = new World(services, owned, database);
            if (owned is not null)
            {
                await world.SeedAsync(owned);
            }

            // The songs library is loaded once per node; load it before anything is counted.
            await services.GetRequiredService<ISongQueries>().GetLibraryAsync(default).AsTask().WaitAsync(Timeout);
            return world;
        }

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            if (_owned is not null)
            {
                await _owned.DisposeAsync();
            }
        }

        private async Task SeedAsync(TestDatabase db)
        {
            var charts = await db.AddChartsAsync(3).WaitAsync(Timeout);
            var scores = new ScoreRepository(db.Database);
            Alice = await db.AddUserAsync("alice");
            Bob = await db.AddUserAsync("bob");
            Jp = await WriteAsync(scores, db.Database, Alice, Region.Jp, charts);
            Intl = await WriteAsync(scores, db.Database, Alice, Region.Intl, charts.Take(1));
            BobJp = await WriteAsync(scores, db.Database, Bob, Region.Jp, charts.Take(2));
        }

        private static async Task<long> WriteAsync(ScoreRepository scores, Database database, long userId, Region region, IEnumerable<int> charts)
        {
            var profile = new PlayerProfile("P" + userId, Stars: 7);
            var list = charts.Select(c => new ChartScore(c, new Achievement(990_000), 1500, ComboLamp.FullCombo, SyncLamp.None, 3, T0)).ToList();
            return (await scores.WriteSnapshotAsync(database, new SnapshotWrite(userId, region, T0, null, profile, list, Rating: 12000)).WaitAsync(Timeout)).SnapshotId;
        }
    }
}
