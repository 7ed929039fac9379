using System.Globalization;
using Maimai.Silo.Storage;
using Maimai.Testing.Postgres;

namespace Maimai.Benchmarks.Api;

/// <summary>How long and how often to measure (`api-reads [results.md] [--rounds N] [--seconds S]`).</summary>
public sealed record ApiReadSettings(string ResultsPath, int Rounds, TimeSpan Window, TimeSpan WarmUp)
{
    /// <summary>One-client operations per part in the breakdown of where the API's time goes.</summary>
    public int BreakdownIterations { get; init; } = 21;

    /// <summary>Each variant runs this long at 10 clients before the first round (JIT tiering, pools, caches).</summary>
    public TimeSpan InitialWarmUp { get; init; } = TimeSpan.FromSeconds(3);

    public static readonly int[] Concurrency = [10, 50];

    public static ApiReadSettings Parse(string[] args)
    {
        var path = "bench/results/api.md";
        int rounds = 3, seconds = 4;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rounds" when i + 1 < args.Length:
                    rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seconds" when i + 1 < args.Length:
                    seconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    path = args[i];
                    break;
            }
        }

        return rounds < 1 || seconds < 1
            ? throw new ArgumentException("--rounds and --seconds must be at least 1.")
            : new ApiReadSettings(path, rounds, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(1));
    }
}

/// <summary>
/// GetSnapshot plus a full ListScores (every page, largest page size) of a 5,500-score snapshot through the real
/// Silo over h2c, at 10 and 50 concurrent clients, against the floor: the bare SQL for the same rows at the same
/// concurrency, in the same run. Two Silo nodes share the database (two silos of one Orleans cluster; reads do
/// not go through grains): one with the default snapshot cache, one with the cache off (MaxScores=0), so both the
/// hot and the cold read path are measured. Rounds alternate the
/// order of the variants; the report gives medians over rounds.
/// </summary>
public static class ApiReadBenchmark
{
    public const string ColdName = "API, snapshot cache off (MaxScores=0): every page a range of the listing index";

    public static async Task<int> RunAsync(ApiReadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var machine = MachineFacts.Capture();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = timeout.Token;

        await using var cluster = await PostgresCluster.StartAsync();
        var database = new Database(PostgresDialect.Instance, await cluster.CreateDatabaseAsync("apibench"));
        await new MigrationRunner(database).ApplyAsync(cancellationToken: ct);
        var world = await ReadWorldSeed.SeedAsync(database, ct);

        // What autovacuum does soon after a table takes inserts: row counts for the planner, the visibility map for index-only scans.
        await using (var settle = new Npgsql.NpgsqlConnection(world.ConnectionString))
        {
            await settle.OpenAsync(ct);
            await using var vacuum = new Npgsql.NpgsqlCommand("VACUUM ANALYZE", settle);
            await vacuum.ExecuteNonQueryAsync(ct);
        }

        await SnapshotFloor.PrepareAsync(world, ct);
        Console.WriteLine($"Seeded user {world.UserId}: snapshot {world.SnapshotId} with {world.ScoreCount:N0} scores ({world.ScoreRows:N0} score rows over 6 snapshots); songs: {world.SongSource}.");

        await using var hot = await SiloNode.StartAsync(world.ConnectionString);
        await using var cold = await SiloNode.StartAsync(world.ConnectionString, "--SnapshotCache:MaxScores=0");
        var all = ApiReadSettings.Concurrency.ToHashSet();
        var variants = new List<ReadVariant>
        {
            ReadVariant.Floor(world, all),
            ReadVariant.WholeSet(world, all),
            ReadVariant.Api(ColdName, cold, world, all),
            ReadVariant.Api(ApiReadReport.WarmName, hot, world, all),
        };
        try
        {
            foreach (var variant in variants)
            {
                await variant.CheckAsync(ct);
            }

            await ExpectSamePagesAsync(hot, cold, world, ct);
            var plans = await SnapshotFloor.ExplainPageAsync(world, ReadBreakdown.MiddleSkip, ReadBreakdown.PageSizes[0], ct);
            Console.WriteLine(plans.Before + "\n" + plans.After + "\n" + plans.Floor);

            var cpu = new CpuMeter(cluster.DataDirectory);

            // Once, before any round: JIT tiering, connection pools and the caches settle, so round 1 is not the slow one.
            foreach (var variant in variants)
            {
                _ = await ClosedLoop.RunAsync(ApiReadSettings.Concurrency.Min(), TimeSpan.Zero, settings.InitialWarmUp, variant.Operation, cpu, ct);
            }

            var results = new Dictionary<(int Clients, string Variant), List<LoopResult>>();
            for (var round = 0; round < settings.Rounds; round++)
            {
                foreach (var clients in ApiReadSettings.Concurrency)
                {
                    // Rotate the order each round, so drift in the machine's load does not favour one variant.
                    for (var k = 0; k < variants.Count; k++)
                    {
                        var variant = variants[(k + round) % variants.Count];
                        if (!variant.Concurrency.Contains(clients))
                        {
                            continue;
                        }

                        var result = await ClosedLoop.RunAsync(clients, settings.WarmUp, settings.Window, variant.Operation, cpu, ct);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"round {round + 1} c={clients,2} {variant.Name,-40} {result.OpsPerSecond,8:F1} ops/s p50 {result.P50Ms,8:F1} ms p99 {result.P99Ms,8:F1} ms ({result.Operations} ops; CPU/op: bench {result.BenchCpuMs:F1} ms, PostgreSQL {result.PostgresCpuMs:F1} ms)"));
                        var key = (clients, variant.Name);
                        if (!results.TryGetValue(key, out var list))
                        {
                            results[key] = list = [];
                        }

                        list.Add(result);
                    }
                }
            }

            var parts = await ReadBreakdown.MeasureAsync(hot, cold, world, settings.BreakdownIterations, ct);
            machine = machine.Finish();
            var section = ApiReadReport.Section(settings, machine, world, [.. variants.Select(v => v.Name)], results, parts, plans);
            ApiReadReport.WriteSection(settings.ResultsPath, section);
            Console.Write(section);
            return 0;
        }
        finally
        {
            foreach (var variant in variants)
            {
                variant.Dispose();
            }
        }
    }

    // The cold node pages in the database, the hot one in memory: the same scores, page for page, or nothing is measured.
    private static async Task ExpectSamePagesAsync(SiloNode hot, SiloNode cold, ReadWorld world, CancellationToken cancellationToken)
    {
        var id = world.SnapshotId.ToString(CultureInfo.InvariantCulture);
        var (hotPages, coldPages) = (new List<Maimai.Grpc.Contracts.V1.ListScoresResponse>(), new List<Maimai.Grpc.Contracts.V1.ListScoresResponse>());
        using (var client = new SnapshotReadClient(hot.Grpc, world.Token))
        {
            await client.ReadAllAsync(id, cancellationToken, hotPages);
        }

        using (var client = new SnapshotReadClient(cold.Grpc, world.Token))
        {
            await client.ReadAllAsync(id, cancellationToken, coldPages);
        }

        if (hotPages.Count != coldPages.Count || hotPages.Zip(coldPages).Any(p => !p.First.Scores.Equals(p.Second.Scores)))
        {
            throw new InvalidOperationException("The cold and the warm path listed different scores.");
        }
    }
}
