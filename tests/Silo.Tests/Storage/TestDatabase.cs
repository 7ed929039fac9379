using Dapper;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Maimai.Testing.Postgres;
using Microsoft.Data.Sqlite;

namespace Maimai.Silo.Tests.Storage;

/// <summary>A fresh, migrated database of one provider for one test: a SQLite file in a temp folder, or a new PostgreSQL database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The providers every storage theory runs on.</summary>
    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres" };

    private readonly string? _folder;

    private TestDatabase(Database database, string? folder)
    {
        Database = database;
        _folder = folder;
    }

    public Database Database { get; }

    public static async Task<TestDatabase> CreateAsync(string provider, PostgresFixture postgres, bool migrate = true)
    {
        TestDatabase db;
        if (provider == "Sqlite")
        {
            var folder = Path.Combine(Path.GetTempPath(), "maimai-sqlite-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            db = new TestDatabase(new Database(SqliteDialect.Instance, $"Data Source={Path.Combine(folder, "test.db")}"), folder);
        }
        else
        {
            var connectionString = await postgres.CreateDatabaseAsync().WaitAsync(TimeSpan.FromSeconds(60));
            db = new TestDatabase(new Database(PostgresDialect.Instance, connectionString), null);
        }

        if (migrate)
        {
            await new MigrationRunner(db.Database).ApplyAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        return db;
    }

    /// <summary>Adds a user and returns its id.</summary>
    public async Task<long> AddUserAsync(string discordId = "1000")
    {
        var user = await new UserRepository(Database).UpsertByDiscordIdAsync(discordId, "player " + discordId, DateTimeOffset.UnixEpoch)
            .WaitAsync(TimeSpan.FromSeconds(30));
        return user.Id;
    }

    /// <summary>Adds songs with five STD and five DX charts each until there are <paramref name="count"/> charts; returns the chart ids.</summary>
    public async Task<IReadOnlyList<int>> AddChartsAsync(int count)
    {
        await using var transaction = await Database.BeginAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var ids = new List<int>();
        for (var song = 0; ids.Count < count; song++)
        {
            var songId = await transaction.Connection.ExecuteScalarAsync<int>(
                "INSERT INTO songs (song_key, title, artist, genre, version_code, image_file) VALUES (@Key, @Title, 'artist', 'POPS', 10000, 'x.png') RETURNING id",
                new { Key = "song-" + Guid.NewGuid().ToString("N"), Title = "Song " + song }, transaction.Transaction);
            for (var slot = 0; slot < 10 && ids.Count < count; slot++)
            {
                ids.Add(await transaction.Connection.ExecuteScalarAsync<int>(
                    "INSERT INTO charts (song_id, chart_type, difficulty, level_x10) VALUES (@SongId, @Type, @Difficulty, @Level) RETURNING id",
                    new { SongId = songId, Type = (slot / 5) + 1, Difficulty = slot % 5, Level = 10 + (slot * 12) }, transaction.Transaction));
            }
        }

        await transaction.CommitAsync();
        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            // A host the test has just stopped may still be closing its last connection (SQLite removes its journal
            // then), which makes a recursive delete meet a file it did not list: try again shortly.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Directory.Delete(_folder, recursive: true);
                    return;
                }
                catch (IOException) when (attempt < 20)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100));
                }
            }
        }
    }
}
