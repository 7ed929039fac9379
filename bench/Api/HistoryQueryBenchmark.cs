using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Maimai.Benchmarks.Storage;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Core.Snapshots;
using Maimai.Silo.Snapshots;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;
using Maimai.Testing.Postgres;
using Npgsql;

namespace Maimai.Benchmarks.Api;

/// <summary>
/// `history-queries [api.md] [--iterations N]`: the history and diff queries (ScoreRepository.ChangesBetweenAsync,
/// ChartVersionsAsync, and HistoryQueries' plays per day and FAST/LATE reads) against reading one snapshot's full score
/// set, on a realistic history: several players with 100 snapshots of 1,500 charts, about 3% changing each fetch.
/// Each query is also run once through auto_explain so the report shows the plan PostgreSQL chose for the product's
/// own SQL; the diff is measured with and without migration 0012's index in the same run.
/// </summary>
public static class HistoryQueryBenchmark
{
    public const string Heading = "## History and diff queries";

    private const int Snapshots = 100;
    private const int Charts = 1_500;
    private const int ChangedPerSnapshot = 45;
    private const int Players = 2;
    private const int PlaysPerSnapshot = 12;
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var path = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "bench/results/api.md";
        var at = Array.IndexOf(args, "--iterations");
        var iterations = at > 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 31;
        var machine = MachineFacts.Capture();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var ct = timeout.Token;

        await using var cluster = await PostgresCluster.StartAsync();
        var connectionString = await cluster.CreateDatabaseAsync("history");
        await using var database = new Database(PostgresDialect.Instance, connectionString);
        await new MigrationRunner(database).ApplyAsync(cancellationToken: ct);
        var seeded = Stopwatch.StartNew();
        var world = await SeedAsync(database, ct);
        await ExecuteAsync(database, "VACUUM ANALYZE", ct); // settled tables, as after autovacuum (a bare word would be a stored procedure to Dapper)
        Console.WriteLine($"Seeded {world.VersionRows:N0} score versions ({Players} players) and {world.Plays:N0} plays in {seeded.Elapsed.TotalSeconds:F0} s.");

        var scores = new ScoreRepository(database);
        var plays = new RecentPlayRepository(database);
        var history = new HistoryQueries(scores, new SnapshotRepository(database), plays);
        var user = world.UserId;
        var days = new DayRange(DateOnly.FromDateTime(T0.AddDays(Snapshots - 90).UtcDateTime), DateOnly.FromDateTime(T0.AddDays(Snapshots).UtcDateTime), TimeSpan.FromHours(9));
        var queries = new List<Query>
        {
            new("Baseline: one snapshot's full score set (ReadSnapshotScoresAsync)", async () => (await scores.ReadSnapshotScoresAsync(user, Region.Jp, world.LastSnapshotId, ct)).Count),
            new("Diff, neighbouring snapshots (seq 99 → 100)", async () => (await scores.ChangesBetweenAsync(user, Region.Jp, Snapshots - 1, Snapshots, ct)).Count),
            new("Diff, ten fetches apart (seq 90 → 100)", async () => (await scores.ChangesBetweenAsync(user, Region.Jp, Snapshots - 10, Snapshots, ct)).Count),
            new("Chart history: the chart with the most versions (ChartVersionsAsync)", async () => (await history.GetChartHistoryAsync(user, Region.Jp, world.BusiestChart, ct)).Count),
            new("Plays per day, 91 days (PlayCountsAroundAsync + PlayTimesAsync)", async () => (await history.GetPlayActivityAsync(user, Region.Jp, days, ct)).Days.Count),
            new("FAST/LATE, newest 200 plays (TimingsAsync)", async () => (await history.GetPlayTimingsAsync(user, Region.Jp, 200, ct)).Count),
        };

        var withIndex = await MeasureAsync(queries, iterations, ct);
        var plans = await PlansAsync(cluster, connectionString, world, days, ct);

        // The same diff without migration 0012's index, then the index back.
        await ExecuteAsync(database, "DROP INDEX user_scores_by_seq", ct);
        await ExecuteAsync(database, "ANALYZE user_scores", ct);
        var diffs = queries.Skip(1).Take(2).Select(q => q with { Name = q.Name + ", without user_scores_by_seq" }).ToList();
        var without = await MeasureAsync(diffs, iterations, ct);
        var plansWithout = await PlansAsync(cluster, connectionString, world, days, ct, diffOnly: true);
        await ExecuteAsync(database, "CREATE INDEX user_scores_by_seq ON user_scores (user_id, region, snapshot_seq, chart_id)", ct);

        var section = Report(machine.Finish(), world, iterations, [.. withIndex, .. without], plans, plansWithout);
        WriteSection(path, section);
        Console.Write(section);
        return 0;
    }

    private sealed record Query(string Name, Func<Task<int>> Run);

    private sealed record Measured(string Name, int Rows, double MedianMs, double P90Ms);

    private sealed record World(long UserId, long LastSnapshotId, int BusiestChart, int BusiestVersions, int VersionRows, int UserVersionRows, int Plays);

    // Rounds interleave the queries so drift in the machine's load does not favour one; medians over rounds.
    private static async Task<List<Measured>> MeasureAsync(IReadOnlyList<Query> queries, int iterations, CancellationToken ct)
    {
        var times = queries.Select(_ => new List<double>()).ToList();
        var rows = new int[queries.Count];
        for (var round = -3; round < iterations; round++)
        {
            for (var i = 0; i < queries.Count; i++)
            {
                var watch = Stopwatch.StartNew();
                rows[i] = await queries[i].Run();
                if (round >= 0)
                {
                    times[i].Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            ct.ThrowIfCancellationRequested();
        }

        return [.. queries.Select((q, i) => new Measured(q.Name, rows[i], Percentile(times[i], 0.5), Percentile(times[i], 0.9)))];
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(p * (sorted.Count - 1))];
    }

    // Each query once more on a connection that loads auto_explain, which writes the executed plan (with buffers) to
    // the server log: the plans of the repositories' own SQL, not a copy of it.
    private static async Task<List<string>> PlansAsync(PostgresCluster cluster, string connectionString, World world, DayRange days, CancellationToken ct, bool diffOnly = false)
    {
        var explained = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = "-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on -c auto_explain.log_timing=off",
            Pooling = false,
        }.ConnectionString;
        await using var database = new Database(PostgresDialect.Instance, explained);
        var scores = new ScoreRepository(database);
        var history = new HistoryQueries(scores, new SnapshotRepository(database), new RecentPlayRepository(database));
        var start = new FileInfo(cluster.LogFile).Length;
        if (!diffOnly)
        {
            await scores.ReadSnapshotScoresAsync(world.UserId, Region.Jp, world.LastSnapshotId, ct);
        }

        await scores.ChangesBetweenAsync(world.UserId, Region.Jp, Snapshots - 1, Snapshots, ct);
        if (!diffOnly)
        {
            await history.GetChartHistoryAsync(world.UserId, Region.Jp, world.BusiestChart, ct);
            await history.GetPlayActivityAsync(world.UserId, Region.Jp, days, ct);
            await history.GetPlayTimingsAsync(world.UserId, Region.Jp, 200, ct);
        }

        await Task.Delay(500, ct); // the logger flushes
        await using var log = new FileStream(cluster.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        log.Seek(start, SeekOrigin.Begin);
        var text = await new StreamReader(log).ReadToEndAsync(ct);
        return [.. Regex.Split(text, @"(?m)^.*LOG:\s+duration: [\d.]+ ms\s+plan:\s*$").Skip(1)
            .Select(entry => string.Join('\n', entry.Split('\n').TakeWhile(l => !Regex.IsMatch(l, @"^\d{4}-\d\d-\d\d ")).Select(l => l.TrimStart('\t').TrimEnd())).Trim())
            .Where(entry => !entry.Contains("schema_migrations", StringComparison.Ordinal) && !entry.Contains("pg_type", StringComparison.Ordinal))]; // not Npgsql's own type loading
    }

    private static async Task<World> SeedAsync(Database database, CancellationToken ct)
    {
        var charts = await AddChartsAsync(database, ct);
        var scores = new ScoreRepository(database);
        var plays = new RecentPlayRepository(database);
        World? main = null;
        var total = 0;
        for (var player = 0; player < Players; player++)
        {
            var random = new Random(1000 + player);
            var userId = await ScalarAsync<long>(database,
                $"INSERT INTO users (discord_id, display_name, created_at) VALUES ('bench-{player}', 'bench{player}', now()) RETURNING id", ct);
            var current = charts.ToDictionary(c => c, c => new ChartScore(c, new Achievement(900_000 + random.Next(100_000)), 1000 + random.Next(1000),
                ComboLamp.None, SyncLamp.None, 1 + random.Next(10), T0.AddDays(-random.Next(300))));
            var versions = new Dictionary<int, int>();
            long last = 0;
            var stored = 0;
            for (var n = 1; n <= Snapshots; n++)
            {
                var taken = T0.AddDays(n);
                if (n > 1)
                {
                    // A few percent of the charts improve each fetch; some charts are the player's favourites and change often.
                    foreach (var chart in Enumerable.Range(0, ChangedPerSnapshot).Select(_ => charts[random.Next(random.Next(3) == 0 ? 40 : charts.Count)]).Distinct())
                    {
                        var old = current[chart];
                        current[chart] = old with
                        {
                            Achievement = new Achievement(Math.Min(1_010_000, old.Achievement.TenThousandths + random.Next(100, 5_000))),
                            PlayCount = old.PlayCount + 1,
                            LastPlayedAt = taken.AddHours(-1),
                        };
                    }
                }

                var profile = new PlayerProfile("BENCH", TotalPlayCount: 1000 + (n * (PlaysPerSnapshot / 4 + 1)));
                var written = await scores.WriteSnapshotAsync(database, new SnapshotWrite(userId, Region.Jp, taken, null, profile, [.. current.Values]), ct);
                last = written.SnapshotId;
                total += written.ScoreVersionsWritten;
                if (player == 0)
                {
                    await using var transaction = await database.BeginAsync(ct);
                    var batch = Enumerable.Range(0, PlaysPerSnapshot).Select(i => new RecentPlay(
                        taken.AddHours(-3).AddMinutes(4 * i).ToUnixTimeSeconds(), (i % 4) + 1, charts[random.Next(charts.Count)], "Bench", ChartType.Dx,
                        Difficulty.Master, new Achievement(990_000), 2000, 2400, ComboLamp.None, SyncLamp.None, random.Next(40), random.Next(40),
                        "Arcade", null, null, null, null, null, null));
                    stored += await plays.InsertNewAsync(transaction, userId, Region.Jp, batch, taken, ct);
                    await transaction.CommitAsync(ct);
                }
            }

            if (player == 0)
            {
                var counts = await QueryAsync<(int Chart, int Versions)>(database,
                    $"SELECT chart_id, COUNT(*) FROM user_scores WHERE user_id = {userId} GROUP BY chart_id ORDER BY COUNT(*) DESC, chart_id LIMIT 1", ct);
                var rows = await ScalarAsync<int>(database, $"SELECT COUNT(*)::int FROM user_scores WHERE user_id = {userId}", ct);
                main = new World(userId, last, counts[0].Chart, counts[0].Versions, 0, rows, stored);
            }
        }

        return main! with { VersionRows = total };
    }

    private static async Task<List<int>> AddChartsAsync(Database database, CancellationToken ct)
    {
        await using var transaction = await database.BeginAsync(ct);
        var ids = new List<int>();
        for (var song = 0; song < Charts / 5; song++)
        {
            var songId = await transaction.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "INSERT INTO songs (song_key, title, artist, genre, version_code, image_file) VALUES (@Key, @Key, 'Artist', 'maimai', 20000, 'x.png') RETURNING id",
                new { Key = "bench-" + song.ToString(CultureInfo.InvariantCulture) }, transaction.Transaction, cancellationToken: ct));
            for (var difficulty = 0; difficulty < 5; difficulty++)
            {
                ids.Add(await transaction.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    "INSERT INTO charts (song_id, chart_type, difficulty, level_x10, internal_level_x10, notes_total) VALUES (@SongId, 2, @Difficulty, @Level, @Level, 800) RETURNING id",
                    new { SongId = songId, Difficulty = difficulty, Level = 30 + (difficulty * 25) }, transaction.Transaction, cancellationToken: ct)));
            }
        }

        await transaction.CommitAsync(ct);
        return ids;
    }

    private static async Task ExecuteAsync(Database database, string sql, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: ct));
    }

    private static async Task<T> ScalarAsync<T>(Database database, string sql, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, cancellationToken: ct)) ?? throw new InvalidOperationException(sql);
    }

    private static async Task<List<T>> QueryAsync<T>(Database database, string sql, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return [.. await connection.QueryAsync<T>(new CommandDefinition(sql, cancellationToken: ct))];
    }

    private static string Report(MachineFacts machine, World world, int iterations, List<Measured> measured, List<string> plans, List<string> plansWithout)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(Heading);
        s.AppendLine();
        s.AppendLine(c, $"Machine: {machine.Describe()}. Shared with other builds while measured.");
        s.AppendLine("Run: `bench/api.sh history` (or `dotnet run -c Release --project bench -- history-queries [bench/results/api.md] [--iterations N]`).");
        s.AppendLine();
        s.AppendLine(c, $"- **Data.** A throwaway PostgreSQL 15 cluster (fsync off), the Silo's migrations (0012 included), {Charts:N0} generated charts. {Players} players, each with {Snapshots} JP snapshots written through ScoreRepository.WriteSnapshotAsync: all {Charts:N0} charts at the first, then up to {ChangedPerSnapshot} charts improving per fetch (3%; a third of the picks among 40 favourites). {world.VersionRows:N0} score versions in user_scores, {world.UserVersionRows:N0} of them the measured player's; their busiest chart has {world.BusiestVersions} versions. The measured player also has {world.Plays:N0} stored plays ({PlaysPerSnapshot} per fetch, in credits of four tracks).");
        s.AppendLine(c, $"- **Method.** Each query through the product's repository (a pooled Npgsql connection per call, as in the Silo), 3 unmeasured rounds, then {iterations} rounds with the queries interleaved; wall time per call, median and 90th percentile over rounds. The same run measures the diff again after `DROP INDEX user_scores_by_seq` (the schema before migration 0012), then puts the index back.");
        s.AppendLine();
        s.AppendLine("| query | rows returned | median (ms) | p90 (ms) | median vs baseline |");
        s.AppendLine("|---|---:|---:|---:|---:|");
        var baseline = measured[0].MedianMs;
        foreach (var m in measured)
        {
            s.AppendLine(c, $"| {m.Name} | {m.Rows:N0} | {m.MedianMs:F2} | {m.P90Ms:F2} | {m.MedianMs / baseline:F2}x |");
        }

        s.AppendLine();
        s.AppendLine("Plans, as auto_explain logged them for the repositories' own SQL (ANALYZE, BUFFERS, timing off), with migration 0012:");
        s.AppendLine();
        foreach (var plan in plans)
        {
            s.AppendLine("```");
            s.AppendLine(plan);
            s.AppendLine("```");
        }

        s.AppendLine();
        s.AppendLine("The diff's plans without user_scores_by_seq (before migration 0012):");
        s.AppendLine();
        foreach (var plan in plansWithout)
        {
            s.AppendLine("```");
            s.AppendLine(plan);
            s.AppendLine("```");
        }

        s.AppendLine();
        return s.ToString();
    }

    // Replaces this section of the results file, keeping the others as they are.
    private static void WriteSection(string path, string section)
    {
        var full = Path.GetFullPath(path);
        var text = File.Exists(full) ? File.ReadAllText(full) : "# API read costs\n\n";
        var chunks = Regex.Split(text, "(?m)^(?=## )");
        var kept = chunks.Skip(1).Where(chunk => !chunk.StartsWith(Heading, StringComparison.Ordinal));
        File.WriteAllText(full, chunks[0] + string.Concat(kept) + (text.EndsWith("\n\n", StringComparison.Ordinal) ? "" : "\n") + section);
    }
}
