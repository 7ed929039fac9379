using System.Diagnostics;
using System.Globalization;
using Maimai.Silo.Storage.Fetches;
using Maimai.Testing.Postgres;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>
/// The faults on the two-silo cluster, each while the mix runs: a burst of fetches is started just before the fault
/// so that it lands mid-fetch; the fault is injected a quarter into the window and undone (bounded waits); after the
/// window the fetches are classified and the service's consistency check runs.
/// </summary>
internal sealed class ChaosRunner(SystemSettings settings, MixLoad mix, IReadOnlyList<SiloProcess> silos, PostgresCluster postgres,
    SimulatorNode simulator, Uri grpcFront, Func<bool, Task<ConsistencyOutcome>> check)
{
    private const int Burst = 10;

    // Orleans' defaults (ProbeTimeout 5 s, 3 missed probes) declare a silo dead in about 15-20 s; the fetch lease is 30 s.
    private static readonly TimeSpan StopFor = TimeSpan.FromSeconds(50);

    public async Task<ChaosOutcome> RunAsync(string name, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(settings.ChaosSeconds);
        var faultAt = window.TotalSeconds / 4;
        var windowClock = Stopwatch.StartNew(); // the load's own clock starts with it, within a few ms
        var load = mix.RunAsync(window, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(faultAt - 2), cancellationToken);
        var burst = await mix.BurstAsync(Burst, cancellationToken);

        // The fault's real second on the load's timeline (the burst takes a moment): recovery is measured from it.
        faultAt = windowClock.Elapsed.TotalSeconds;
        var clock = Stopwatch.StartNew();
        var (fault, notes) = name switch
        {
            "kill-silo" => ("kill -9 of silo-b, started again 10 s later", await KillSiloAsync(silos[1])),
            "restart-postgres" => ("PostgreSQL stopped (immediate, like a crash) and started again", await RestartPostgresAsync()),
            "stop-silo" => ($"SIGSTOP of silo-a for {StopFor.TotalSeconds:0} s (past the membership probes and the 30 s fetch lease), then SIGCONT", await StopSiloAsync(silos[0])),
            "drop-simulator" => ("the DX NET simulator killed mid-fetch, started again on its port 10 s later", await DropSimulatorAsync()),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
        var result = await load;
        foreach (var (id, token) in burst.Fetches)
        {
            result.Fetches.TryAdd(id, token);
        }

        var fetches = await FetchOutcomes.ClassifyAsync(grpcFront, result, TimeSpan.FromSeconds(90), cancellationToken);
        var consistency = await check(false);
        return new ChaosOutcome(name, fault, null, result, faultAt, ChaosOutcome.Recovery(result, faultAt), fetches.ToString(), consistency,
            notes + string.Create(CultureInfo.InvariantCulture, $" Fault and repair took {clock.Elapsed.TotalSeconds:N0} s."));
    }

    /// <summary>
    /// With the load stopped, waits (bounded at 10 minutes) until every fetch of the run has ended or stored its
    /// snapshot, then runs the check with the lease (every fetch still active must be alive). What is left is the
    /// detail backlog: first fetches reading their detail pages at the politeness gap, reported with its size.
    /// </summary>
    public async Task<SettledOutcome> SettleAsync(FetchRepository fetches, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<FetchRow> active;
        while (true)
        {
            active = await fetches.ListActiveAsync(cancellationToken);
            if (active.All(f => f.SnapshotId is not null) || clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
        }

        var waited = clock.Elapsed;
        var outcome = await check(false);
        var details = active.Where(f => f.SnapshotId is not null).ToList();
        return new SettledOutcome(outcome, waited, active.Count - details.Count, details.Count, details.Sum(f => Math.Max(0, f.DetailTotal - f.DetailDone)),
            details.Count(f => f.DetailDone == 0));
    }

    private static async Task<string> KillSiloAsync(SiloProcess silo)
    {
        await silo.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var restart = Stopwatch.StartNew();
        await silo.StartAsync(TimeSpan.FromMinutes(3));
        return string.Create(CultureInfo.InvariantCulture, $"{silo.Name} served again {restart.Elapsed.TotalSeconds:N0} s after its restart began.");
    }

    private async Task<string> RestartPostgresAsync()
    {
        var down = Stopwatch.StartNew();
        await postgres.RestartAsync();
        return string.Create(CultureInfo.InvariantCulture, $"PostgreSQL was down {down.Elapsed.TotalSeconds:N1} s.");
    }

    private static async Task<string> StopSiloAsync(SiloProcess silo)
    {
        silo.Stop();
        await Task.Delay(StopFor);
        silo.Continue();
        await Task.Delay(TimeSpan.FromSeconds(15));
        if (silo.IsRunning)
        {
            return $"{silo.Name} came back by itself after SIGCONT.";
        }

        // Declared dead while stopped, Orleans ends the silo when it wakes: the operator (here, the bench) starts it again.
        await silo.StartAsync(TimeSpan.FromMinutes(3));
        return $"{silo.Name}, declared dead while stopped, ended itself after SIGCONT and was started again.";
    }

    private async Task<string> DropSimulatorAsync()
    {
        var before = await simulator.RequestCountAsync();
        await simulator.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        await simulator.StartAsync();
        return string.Create(CultureInfo.InvariantCulture, $"The simulator had served {before:N0} pages when it was dropped.");
    }
}
