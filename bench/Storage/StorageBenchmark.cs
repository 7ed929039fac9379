using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Storage.Users;
using Maimai.Testing.Postgres;

namespace Maimai.Benchmarks.Storage;

/// <summary>
/// Versioned scores on a throwaway PostgreSQL: bytes added by a first snapshot of 5,500 scores and by an
/// unchanged re-fetch, and the time of the first snapshot with the product's bulk path (one INSERT from binary
/// arrays) against plain row-by-row INSERTs (the baseline, written here, same run). A console runner: BenchmarkDotNet's process-per-job
/// model fits a database badly, and the figures wanted are sizes and one ratio.
/// </summary>
public static class StorageBenchmark
{
    private const int Scores = 5_500;
    private const int Rounds = 7;

    public static async Task<int> RunAsync(string resultsPath)
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var database = new Database(PostgresDialect.Instance, await cluster.CreateDatabaseAsync("bench"));
        await new MigrationRunner(database).ApplyAsync();
        var charts = await AddChartsAsync(database, Scores);
        var users = new UserRepository(database);
        var repository = new ScoreRepository(database);

        var firstBytes = new List<long>();
        var refetchBytes = new List<long>();
        var bulkMs = new List<double>();
        var rowMs = new List<double>();
        var taken = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var round = -1; round < Rounds; round++)
        {
            // Round -1 warms up both paths and is not counted; the order alternates against drift.
            foreach (var bulk in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var user = (await users.UpsertByDiscordIdAsync($"bench-{round}-{(bulk ? "bulk" : "rows")}", "bench", taken)).Id;
                var scores = charts.Select((c, i) => new ChartScore(c, new Achievement(900_000 + (i % 110_000)), 1000 + (i % 1500),
                    (ComboLamp)(i % 5), (SyncLamp)(i % 6), 1 + (i % 20), taken.AddMinutes(-i))).ToList();
                var first = new SnapshotWrite(user, Region.Intl, taken, null, new PlayerProfile("bench"), scores);
                await Vacuum(database);
                var before = await SizeAsync(database);
                var clock = Stopwatch.StartNew();
                if (bulk)
                {
                    await repository.WriteSnapshotAsync(database, first);
                }
                else
                {
                    await WriteRowByRowAsync(database, first);
                }

                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (round < 0)
                {
                    continue;
                }

                (bulk ? bulkMs : rowMs).Add(elapsed);
                if (bulk)
                {
                    var afterFirst = await SizeAsync(database);
                    await repository.WriteSnapshotAsync(database, first with { TakenAt = taken.AddHours(1) });
                    firstBytes.Add(afterFirst - before);
                    refetchBytes.Add(await SizeAsync(database) - afterFirst);
                }
            }
        }

        var report = Report(Median(firstBytes), Median(refetchBytes), Median(bulkMs), Median(rowMs));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsPath))!);
        await File.WriteAllTextAsync(resultsPath, report);
        Console.Write(report);
        return Median(refetchBytes) < Median(firstBytes) / 100 ? 0 : 1;
    }

    private static string Report(double first, double refetch, double bulk, double rows)
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine("# Storage: versioned scores on PostgreSQL");
        s.AppendLine();
        s.AppendLine(c, $"Machine: 2 cores, 24 GiB (shared with other builds). PostgreSQL 15 throwaway cluster (fsync off). {Rounds} rounds after one warm-up; medians.");
        s.AppendLine("Run: `bench/storage.sh` (see bench/README.md).");
        s.AppendLine();
        s.AppendLine("| measure | median |");
        s.AppendLine("|---|---|");
        s.AppendLine(c, $"| bytes added by a first snapshot of {Scores:N0} scores (user_scores + user_snapshots, pg_total_relation_size) | {first:N0} |");
        s.AppendLine(c, $"| bytes added by an unchanged re-fetch | {refetch:N0} ({refetch / first:P2} of the first) |");
        s.AppendLine(c, $"| first snapshot write, bulk path (one INSERT from binary arrays) | {bulk:N1} ms |");
        s.AppendLine(c, $"| first snapshot write, row-by-row INSERT (baseline) | {rows:N1} ms |");
        s.AppendLine(c, $"| speed-up of bulk over row-by-row | {rows / bulk:N1}x |");
        s.AppendLine();
        s.AppendLine("An unchanged re-fetch writes one user_snapshots row and no user_scores rows; it usually fits in a page already allocated, so it often adds 0 bytes.");
        return s.ToString();
    }

    /// <summary>
    /// The baseline: a first snapshot as the repository writes it (next seq, snapshot row, score versions, one
    /// transaction), but with one INSERT per score version instead of the dialect's bulk path. The repository's read
    /// of the previous versions is left out: for a first snapshot it finds none and costs a fraction of a millisecond.
    /// </summary>
    private static async Task WriteRowByRowAsync(Database database, SnapshotWrite write)
    {
        var insertVersion = ScoreListingKeys.InsertVersions(
            "VALUES (@UserId, @Region, @ChartId, @SnapshotSeq, @SnapshotId, @Achievement, @DxScore, @ComboLamp, @SyncLamp, @PlayCount, @LastPlayedAt, @SiteLevelX10)");
        await using var transaction = await database.BeginAsync();
        var connection = transaction.Connection;
        var key = new { write.UserId, Region = (int)write.Region };
        var seq = await connection.ExecuteScalarAsync<int>(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM user_snapshots WHERE user_id = @UserId AND region = @Region", key, transaction.Transaction);
        var snapshotId = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO user_snapshots (user_id, region, seq, taken_at, player_name) VALUES (@UserId, @Region, @Seq, @TakenAt, @PlayerName) RETURNING id",
            new { write.UserId, Region = (int)write.Region, Seq = seq, write.TakenAt, write.Profile.PlayerName }, transaction.Transaction);
        foreach (var score in write.Scores)
        {
            await connection.ExecuteAsync(insertVersion, new
            {
                write.UserId,
                Region = (int)write.Region,
                score.ChartId,
                SnapshotSeq = seq,
                SnapshotId = snapshotId,
                Achievement = score.Achievement.TenThousandths,
                score.DxScore,
                ComboLamp = (int)score.ComboLamp,
                SyncLamp = (int)score.SyncLamp,
                score.PlayCount,
                score.LastPlayedAt,
                SiteLevelX10 = score.SiteLevel?.Tenths,
            }, transaction.Transaction);
        }

        await transaction.CommitAsync();
    }

    private static double Median(List<long> values) => Median(values.Select(v => (double)v).ToList());

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    private static async Task Vacuum(Database database)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("VACUUM user_scores");
        await connection.ExecuteAsync("VACUUM user_snapshots");
    }

    private static async Task<long> SizeAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT pg_total_relation_size('user_scores') + pg_total_relation_size('user_snapshots')");
    }

    private static async Task<List<int>> AddChartsAsync(Database database, int count)
    {
        await using var transaction = await database.BeginAsync();
        var ids = new List<int>();
        for (var song = 0; ids.Count < count; song++)
        {
            var songId = await transaction.Connection.ExecuteScalarAsync<int>(
                "INSERT INTO songs (song_key, title, artist, genre, version_code, image_file) VALUES (@Key, @Key, 'a', 'g', 10000, 'x.png') RETURNING id",
                new { Key = "bench-" + song.ToString(CultureInfo.InvariantCulture) }, transaction.Transaction);
            for (var slot = 0; slot < 10 && ids.Count < count; slot++)
            {
                ids.Add(await transaction.Connection.ExecuteScalarAsync<int>(
                    "INSERT INTO charts (song_id, chart_type, difficulty, level_x10) VALUES (@SongId, @Type, @Difficulty, 130) RETURNING id",
                    new { SongId = songId, Type = (slot / 5) + 1, Difficulty = slot % 5 }, transaction.Transaction));
            }
        }

        await transaction.CommitAsync();
        return ids;
    }
}
