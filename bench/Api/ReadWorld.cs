using System.Globalization;
using Dapper;
using Maimai.Benchmarks.Storage;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Core.Songs;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Storage.Users;
using Maimai.Testing;

namespace Maimai.Benchmarks.Api;

/// <summary>The seeded database the read benchmark reads: one user, one API token, the snapshot to read.</summary>
public sealed record ReadWorld(string ConnectionString, long UserId, Region Region, long SnapshotId, int ScoreCount, int ScoreRows, string Token, string SongSource);

/// <summary>
/// Seeds a migrated database through the product's own code: the otoge-db song lists via <see cref="SongRepository.ImportAsync"/>
/// (or generated charts when ../shared is absent), a user and API token via <see cref="AccountStore"/>, and a
/// history of snapshots via <see cref="ScoreRepository"/>, so the score versions are laid out as a real player's.
/// </summary>
public static class ReadWorldSeed
{
    // A history, not one write: the read snapshot's scores come from several versions per chart, as after real fetches.
    private const int FirstSnapshotScores = 4_500;
    private const int LaterSnapshots = 5;
    private const int AddedPerSnapshot = 200;
    private const int ImprovedPerSnapshot = 300;

    public const int Scores = FirstSnapshotScores + (LaterSnapshots * AddedPerSnapshot);

    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Seeds the world; with <paramref name="developmentLogin"/> the user is the development login's user of that name (the web bench signs in as it).</summary>
    public static async Task<ReadWorld> SeedAsync(Database database, CancellationToken cancellationToken, string? developmentLogin = null)
    {
        var source = await AddSongsAsync(database, cancellationToken);
        var charts = (await OpenQueryAsync<ChartRow>(database,
            "SELECT id AS Id, level_x10 AS Level, notes_total AS Notes FROM charts WHERE difficulty <> 10 ORDER BY id", cancellationToken)).ToList();
        if (charts.Count < Scores)
        {
            throw new InvalidOperationException($"Only {charts.Count} charts in the songs database; the benchmark needs {Scores}.");
        }

        var random = new Random(20250601);
        var picked = charts.OrderBy(_ => random.Next()).Take(Scores).ToList();
        var notes = picked.ToDictionary(c => c.Id, c => c.Notes ?? 500);
        var accounts = new AccountStore(new UserRepository(database), new ApiTokenRepository(database), TimeProvider.System);
        var user = developmentLogin is null
            ? await accounts.CreateLocalUserAsync("BENCH", isAdmin: false, cancellationToken)
            : await accounts.GetAccountAsync((await new UserRepository(database).UpsertByDiscordIdAsync(
                AccountStore.DevelopmentDiscordId(developmentLogin), developmentLogin, DateTimeOffset.UtcNow, cancellationToken)).Id, cancellationToken)
                ?? throw new InvalidOperationException("The bench user vanished as it was made.");
        var token = await accounts.CreateApiTokenAsync(user.Id, "bench", cancellationToken)
            ?? throw new InvalidOperationException("The bench user vanished before its token was made.");

        var repository = new ScoreRepository(database);
        var current = picked.Take(FirstSnapshotScores).ToDictionary(c => c.Id, c => FirstScore(c, random));
        var written = await WriteAsync(repository, database, user.Id, current, 0, cancellationToken);
        var rows = written.ScoreVersionsWritten;
        for (var n = 1; n <= LaterSnapshots; n++)
        {
            foreach (var chart in picked.Skip(FirstSnapshotScores + ((n - 1) * AddedPerSnapshot)).Take(AddedPerSnapshot))
            {
                current[chart.Id] = FirstScore(chart, random);
            }

            foreach (var id in current.Keys.OrderBy(_ => random.Next()).Take(ImprovedPerSnapshot).ToList())
            {
                current[id] = Improve(current[id], notes[id], random, T0.AddDays(n * 7));
            }

            written = await WriteAsync(repository, database, user.Id, current, n, cancellationToken);
            rows += written.ScoreVersionsWritten;
        }

        return new ReadWorld(database.ConnectionString, user.Id, Region.Jp, written.SnapshotId, current.Count, rows, token.Plaintext, source);
    }

    private static async Task<SnapshotWriteResult> WriteAsync(ScoreRepository repository, Database database, long userId, Dictionary<int, ChartScore> scores, int n, CancellationToken cancellationToken)
    {
        var profile = new PlayerProfile("ＢＥＮＣＨ", "でらっくす皆伝", "Rainbow", "https://maimaidx.jp/maimai-mobile/img/Icon/0123456789abcdef.png",
            15_200 + (n * 20), RatingColor.Rainbow, ClassRank.S1, CourseRank.Dan10, 4_000 + n, 900 + (n * 30), 6_000 + (n * 30),
            new LampCounts(6_000, 5_000, 0, 0, 0, 0, 0, 0, 2_100, 0, 800, 0, 0, 400, 0, 0, 0, 0, 0, 0, 0, 0));
        return await repository.WriteSnapshotAsync(database,
            new SnapshotWrite(userId, Region.Jp, T0.AddDays(n * 7), null, profile, [.. scores.Values], 15_210 + (n * 20)), cancellationToken);
    }

    // Lower levels score higher; lamps follow the achievement, as on a real player's list.
    private static ChartScore FirstScore(ChartRow chart, Random random)
    {
        var percent = Math.Clamp(100.8 - ((chart.Level - 100) * 0.08) - (random.NextDouble() * 4), 75, 101);
        return Score(chart.Id, (int)(percent * 10_000), chart.Notes ?? 500, random, T0.AddDays(-random.Next(0, 700)));
    }

    private static ChartScore Improve(ChartScore old, int notes, Random random, DateTimeOffset at)
    {
        var achievement = Math.Min(1_010_000, old.Achievement.TenThousandths + random.Next(500, 15_000));
        var improved = Score(old.ChartId, achievement, notes, random, at.AddHours(-random.Next(1, 100)));
        return improved with { PlayCount = (old.PlayCount ?? 1) + random.Next(1, 5) };
    }

    private static ChartScore Score(int chartId, int achievement, int notes, Random random, DateTimeOffset lastPlayed)
    {
        var combo = achievement switch
        {
            >= 1_005_000 => random.Next(3) == 0 ? ComboLamp.AllPerfect : ComboLamp.FullComboPlus,
            >= 995_000 => random.Next(2) == 0 ? ComboLamp.FullCombo : ComboLamp.None,
            _ => ComboLamp.None,
        };
        var sync = (SyncLamp)(random.Next(10) < 7 ? 0 : random.Next(1, 6));
        var dx = (int)(notes * 3 * Math.Clamp((achievement / 1_010_000.0) - 0.05, 0.5, 1.0));
        return new ChartScore(chartId, new Achievement(achievement), dx, combo, sync, random.Next(1, 60), lastPlayed);
    }

    internal static async Task<string> AddSongsAsync(Database database, CancellationToken cancellationToken)
    {
        if (SharedFolder.IsPresent)
        {
            var importer = new SongRepository(database);
            var jp = SharedFolder.File("data", "otoge-db", "music-ex.json");
            var intl = SharedFolder.File("data", "otoge-db", "music-ex-intl.json");
            await importer.ImportAsync(OtogeDbSongList.Load(jp), Region.Jp, cancellationToken: cancellationToken);
            await importer.ImportAsync(OtogeDbSongList.Load(intl), Region.Intl, cancellationToken: cancellationToken);
            return "the real otoge-db song lists from ../shared/data (jp, then intl)";
        }

        await GenerateChartsAsync(database, cancellationToken);
        return "generated charts (../shared absent): 1,200 songs x 5 difficulties, levels 1 to 15, titles of 8 to 40 characters";
    }

    private static async Task GenerateChartsAsync(Database database, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var random = new Random(7);
        for (var song = 0; song < 1_200; song++)
        {
            var title = new string('曲', 4 + random.Next(16)) + song.ToString(CultureInfo.InvariantCulture);
            var songId = await transaction.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "INSERT INTO songs (song_key, title, artist, genre, version_code, image_file) VALUES (@Key, @Title, 'Artist', 'maimai', 20000, 'x.png') RETURNING id",
                new { Key = "gen-" + song.ToString(CultureInfo.InvariantCulture), Title = title }, transaction.Transaction, cancellationToken: cancellationToken));
            for (var difficulty = 0; difficulty < 5; difficulty++)
            {
                var level = Math.Min(150, 10 + (difficulty * 25) + random.Next(30));
                await transaction.Connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO charts (song_id, chart_type, difficulty, level_x10, internal_level_x10, notes_total) VALUES (@SongId, 2, @Difficulty, @Level, @Level, @Notes)",
                    new { SongId = songId, Difficulty = difficulty, Level = level, Notes = 200 + (level * 6) }, transaction.Transaction, cancellationToken: cancellationToken));
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<IEnumerable<T>> OpenQueryAsync<T>(Database database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync<T>(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }

    private sealed class ChartRow
    {
        public int Id { get; set; }
        public int Level { get; set; }
        public int? Notes { get; set; }
    }
}
