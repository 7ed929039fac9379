using System.Diagnostics;
using System.Globalization;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>One reading of one silo: resident memory, open sockets, Orleans activations, CPU used since the last reading.</summary>
internal sealed record SiloReading(double Seconds, string Silo, long ResidentBytes, int Sockets, long Activations, double CpuPercent);

/// <summary>
/// Reads every silo (from /proc and its Prometheus endpoint) and PostgreSQL's backend count at a fixed period while a
/// phase runs; the readings are the soak's curves and each phase's CPU and memory figures. Stops with its token.
/// </summary>
internal sealed class ClusterSampler(IReadOnlyList<SiloProcess> silos, Func<int> postgresBackends, TimeSpan period)
{
    public List<SiloReading> Readings { get; } = [];

    /// <summary>(seconds, backends) readings of PostgreSQL's connection count.</summary>
    public List<(double Seconds, int Backends)> Database { get; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var lastCpu = silos.ToDictionary(s => s.Name, s => (Cpu: s.CpuTime(), At: clock.Elapsed));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(period, cancellationToken);
                var at = clock.Elapsed;
                foreach (var silo in silos)
                {
                    var cpu = silo.CpuTime();
                    var (before, when) = lastCpu[silo.Name];
                    var percent = cpu >= before ? (cpu - before) / (at - when) * 100 : 0; // a restarted silo starts again from zero
                    lastCpu[silo.Name] = (cpu, at);
                    var activations = (await silo.ActivationsAsync(cancellationToken)).Values.Sum();
                    lock (Readings)
                    {
                        Readings.Add(new SiloReading(at.TotalSeconds, silo.Name, silo.ResidentBytes(), silo.Sockets(), activations, percent));
                    }
                }

                lock (Database)
                {
                    Database.Add((at.TotalSeconds, postgresBackends()));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the phase ended
        }
    }

    /// <summary>Server processes under the postmaster whose pid file is given (PostgreSQL's connections, plus its own few workers).</summary>
    public static int CountBackends(string postmasterPidFile)
    {
        if (!File.Exists(postmasterPidFile))
        {
            return 0;
        }

        var pid = File.ReadLines(postmasterPidFile).First().Trim();
        var count = 0;
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            try
            {
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == pid)
                {
                    count++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended while being read
            }
        }

        return count;
    }

    public string Summary(string silo)
    {
        List<SiloReading> mine;
        lock (Readings)
        {
            mine = [.. Readings.Where(r => r.Silo == silo && r.ResidentBytes > 0)];
        }

        if (mine.Count == 0)
        {
            return "no readings";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"CPU {mine.Average(r => r.CpuPercent):F0}% mean / {mine.Max(r => r.CpuPercent):F0}% peak of one core; RSS {mine.Average(r => r.ResidentBytes) / 1048576.0:F0} MiB mean / {mine.Max(r => r.ResidentBytes) / 1048576.0:F0} MiB peak; sockets {mine.Max(r => r.Sockets)} peak; activations {mine.Max(r => r.Activations)} peak, {mine[^1].Activations} at end");
    }
}
