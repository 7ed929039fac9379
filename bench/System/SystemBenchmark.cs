using System.Globalization;
using Maimai.Benchmarks.Api;
using Maimai.Benchmarks.Storage;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Fetches;
using Maimai.Testing.Postgres;
using GrpcV1 = Maimai.Grpc.Contracts.V1;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>
/// `system [system.md] [options]`: two silo processes on one throwaway PostgreSQL behind a round-robin front, the DX
/// NET simulator, the seeded players; then the steady mix, the soak, and each chaos step with the load running,
/// each followed by the service's own consistency check; writes bench/results/system.md and the soak's SVG.
/// </summary>
internal static class SystemBenchmark
{
    private const int LeaseSeconds = 60; // the fetch lease (30 s) and a sweep (10 s) with room: a fetch older than this was left behind

    // The connection budget (README, "Several silos"): two silos' pools of 60 leave 80 of the cluster's 200
    // connections for the bench, the consistency check and the refill after restart-postgres.
    internal const int SiloPoolSize = 60;

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = SystemSettings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine("Usage: system [system.md] [--users N (>= 20)] [--load-seconds S] [--soak-seconds S] [--chaos-seconds S (>= 20)] [--chaos kill-silo,...] ...");
            return 2;
        }

        var siloDll = Path.GetFullPath(settings.SiloDll);
        if (!File.Exists(siloDll))
        {
            Console.Error.WriteLine($"No silo build at {siloDll}: run bench/system.sh (it builds src/Silo in Release).");
            return 2;
        }

        var machine = MachineFacts.Capture();
        var work = Directory.CreateTempSubdirectory("maimai-system-").FullName;
        Console.WriteLine($"system: logs in {work}");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var report = new SystemReport(settings) { SiloGc = SiloProcess.GcMode(siloDll) };

        await using var postgres = await PostgresCluster.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("system");
        await using var database = new Database(PostgresDialect.Instance, connectionString);
        await new MigrationRunner(database).ApplyAsync(cancellationToken: cancel.Token);
        var seedClock = System.Diagnostics.Stopwatch.StartNew();
        var players = await LoadWorld.SeedAsync(settings, database, cancel.Token);

        // A served database is vacuumed by autovacuum as it grows; one loaded seconds ago is not, and its first readers
        // would pay for the visibility map and hint bits (and race autovacuum's first pass over 10 million rows).
        var seeded = seedClock.Elapsed;
        await postgres.VacuumAnalyzeAsync(connectionString, TimeSpan.FromMinutes(30));
        report.Seeding = string.Create(CultureInfo.InvariantCulture,
            $"{players.Readers.Count:N0} readers ({settings.ReaderScores:N0} scores, 2 snapshots each), {players.Fetchers.Count:N0} fetchers, {players.AutoRefresh.Count:N0} with auto-refresh every {settings.AutoRefreshMinutes} min; songs: {players.SongSource}; seeded in {seeded.TotalSeconds:N0} s, then VACUUM (ANALYZE) with vacuumdb in {(seedClock.Elapsed - seeded).TotalSeconds:N0} s");
        Console.WriteLine(report.Seeding);

        await using var simulator = new SimulatorNode(settings.SimulatorSongs);
        await simulator.StartAsync();
        var clal = await simulator.ClalAsync();
        string[] storage = ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={connectionString};Maximum Pool Size={SiloPoolSize}"];
        string[] siloSettings =
        [
            .. storage,
            "--Plugins:Intl:SiteBaseUrl=" + simulator.BaseUrl,
            "--Plugins:Intl:LoginGatewayUrl=" + simulator.BaseUrl,
            "--Plugins:Intl:RequestGap=" + TimeSpan.FromMilliseconds(settings.GapMilliseconds).ToString("c", CultureInfo.InvariantCulture),
            "--Plugins:Intl:Timeout=00:00:30",
            "--ApiRateLimit:Enabled=false", // every client of the bench is 127.0.0.1: the per-IP limit would refuse the load itself
            "--Logging:LogLevel:Default=Warning",
        ];
        await using var siloA = new SiloProcess("silo-a", siloDll, siloSettings, work);
        await using var siloB = new SiloProcess("silo-b", siloDll, siloSettings, work);
        SiloProcess[] silos = [siloA, siloB];
        await siloA.StartAsync(TimeSpan.FromMinutes(3));
        await siloB.StartAsync(TimeSpan.FromMinutes(3));
        await using var grpcFront = new RoundRobinFront(() => [.. silos.Where(s => s.IsRunning).Select(s => s.GrpcPort)]);
        await using var httpFront = new RoundRobinFront(() => [.. silos.Where(s => s.IsRunning).Select(s => s.HttpPort)]);
        await LoadWorld.PrepareAsync(settings, players, grpcFront.Address, httpFront.Address, clal, cancel.Token);
        var autoRefreshFile = Path.Combine(work, "auto-refresh.txt");
        await File.WriteAllLinesAsync(autoRefreshFile, players.AutoRefresh.Select(p => p.Id.ToString(CultureInfo.InvariantCulture) + " intl"), cancel.Token);
        var postmaster = Path.Combine(postgres.DataDirectory, "postmaster.pid");
        var mix = new MixLoad(settings, players, grpcFront.Address, httpFront.Address);
        Task<ConsistencyOutcome> Check(bool settled) => ConsistencyProbe.RunAsync(siloDll, storage, autoRefreshFile, settled, LeaseSeconds);

        // Warm-up: JIT, pools, the first fetches; not counted.
        await mix.RunAsync(TimeSpan.FromSeconds(Math.Min(30, settings.LoadSeconds)), cancel.Token);

        // 1. The steady mix.
        Console.WriteLine($"steady load: {settings.LoadSeconds} s");
        var steadySampler = new ClusterSampler(silos, () => ClusterSampler.CountBackends(postmaster), TimeSpan.FromSeconds(1));
        var cpu = new CpuShare(() => [.. silos.Where(s => s.ProcessId is not null).Select(s => (s.Name, s.ProcessId!.Value)),
            .. simulator.ProcessId is { } sim ? new[] { ("simulator", sim) } : [], ("load generator", Environment.ProcessId)], postgres.DataDirectory);
        await StatementStats.ResetAsync(connectionString, cancel.Token);
        cpu.Start();
        var (steady, steadyReadings) = await WithSamplerAsync(steadySampler, () => mix.RunAsync(TimeSpan.FromSeconds(settings.LoadSeconds), cancel.Token));
        report.SteadyCpu = cpu.Finish();
        report.SteadyStatements = await StatementStats.TopAsync(connectionString, 12, cancel.Token);
        report.Steady = steady;
        report.SteadyResources = [.. silos.Select(s => $"{s.Name}: {steadyReadings.Summary(s.Name)}")];
        report.SteadyFetches = await FetchOutcomes.ClassifyAsync(grpcFront.Address, steady, TimeSpan.FromSeconds(60), cancel.Token);
        report.SteadyRequests = await simulator.RequestCountAsync();
        report.SteadyCheck = await Check(settled: false);
        Console.WriteLine($"steady: {report.SteadyFetches}; consistency {(report.SteadyCheck.Clean ? "clean" : "FAILED")}");

        // 2. The soak.
        if (settings.SoakSeconds > 0)
        {
            Console.WriteLine($"soak: {settings.SoakSeconds} s");
            var soakSampler = new ClusterSampler(silos, () => ClusterSampler.CountBackends(postmaster), TimeSpan.FromSeconds(Math.Max(1, settings.SoakSeconds / 300)));
            var (soak, soakReadings) = await WithSamplerAsync(soakSampler, () => mix.RunAsync(TimeSpan.FromSeconds(settings.SoakSeconds), cancel.Token));
            report.Soak = soak;
            report.SoakReadings = soakReadings;
            report.SoakFetches = await FetchOutcomes.ClassifyAsync(grpcFront.Address, soak, TimeSpan.FromSeconds(120), cancel.Token);
            report.SoakCheck = await Check(settled: false);
            await File.WriteAllTextAsync(Path.ChangeExtension(settings.ResultsPath, null) + "-soak.svg", SoakChart.Render(soakReadings), cancel.Token);
        }

        // 3. Chaos, one fault at a time, the mix running around it.
        var chaos = new ChaosRunner(settings, mix, silos, postgres, simulator, grpcFront.Address, Check);
        foreach (var step in settings.Chaos)
        {
            Console.WriteLine($"chaos: {step}");
            ChaosOutcome outcome;
            try
            {
                outcome = step == "sqlite-disk-full"
                    ? await SqliteDiskFull.RunAsync(settings, siloDll, simulator, clal, work, cancel.Token)
                    : await chaos.RunAsync(step, cancel.Token);
            }
#pragma warning disable CA1031 // a step that breaks the bench itself is reported as such; the other steps still run
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                outcome = new ChaosOutcome(step, step, null, null, 0, null, "", new ConsistencyOutcome(false, -1, "the step did not finish: " + e.Message), "The bench's step failed: " + e.GetType().Name + ": " + e.Message);
            }

            report.Chaos.Add(outcome);
            Console.WriteLine($"  {outcome.Name}: errors {outcome.ErrorsByCode()}; recovery {outcome.RecoverySeconds?.ToString("N0", CultureInfo.InvariantCulture) ?? "-"} s; consistency {(outcome.Consistency?.Clean == true ? "clean" : outcome.Skipped ?? "FAILED")}");
        }

        // 4. Settled: every fetch of the run ended or stored its snapshot (bounded wait), then the check; the detail backlog reported.
        report.Final = await chaos.SettleAsync(new FetchRepository(database), cancel.Token);
        report.Machine = machine.Finish().Describe();
        report.Write(settings.ResultsPath);
        Console.WriteLine($"wrote {settings.ResultsPath}");
        return report.Passed ? 0 : 1;
    }

    private static async Task<(MixResult Result, ClusterSampler Sampler)> WithSamplerAsync(ClusterSampler sampler, Func<Task<MixResult>> load)
    {
        using var stop = new CancellationTokenSource();
        var sampling = sampler.RunAsync(stop.Token);
        var result = await load();
        await stop.CancelAsync();
        await sampling;
        return (result, sampler);
    }
}
