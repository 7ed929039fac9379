using System.Globalization;
using Maimai.Benchmarks.Api;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>
/// Where the machine's CPU went in one phase: core-seconds of each process group (the silos, PostgreSQL with all its
/// backends, the simulator, this load generator) and of the whole machine, from /proc at the phase's start and end.
/// </summary>
internal sealed class CpuShare
{
    private const double TicksPerSecond = 100; // /proc/stat counts USER_HZ ticks, 100 on Linux

    private readonly Func<IReadOnlyList<(string Group, int Pid)>> _processes;
    private readonly string _postgresDataDirectory;
    private Dictionary<string, double> _start = [];
    private (double Busy, double Total) _machineStart;

    public CpuShare(Func<IReadOnlyList<(string Group, int Pid)>> processes, string postgresDataDirectory)
    {
        _processes = processes;
        _postgresDataDirectory = postgresDataDirectory;
    }

    public void Start()
    {
        _start = Read();
        _machineStart = Machine();
    }

    /// <summary>One line: each group's share of the machine's core-seconds since <see cref="Start"/>.</summary>
    public string Finish()
    {
        var end = Read();
        var (busy, total) = Machine();
        var machineBusy = (busy - _machineStart.Busy) / TicksPerSecond;
        var machineTotal = (total - _machineStart.Total) / TicksPerSecond;
        if (machineTotal <= 0)
        {
            return "no CPU readings";
        }

        var parts = end.Select(g => (g.Key, Seconds: g.Value - _start.GetValueOrDefault(g.Key)))
            .Where(g => g.Seconds > 0)
            .OrderByDescending(g => g.Seconds)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Seconds:N0} ({g.Seconds / machineTotal:P0})"));
        var known = end.Sum(g => g.Value - _start.GetValueOrDefault(g.Key));
        return string.Create(CultureInfo.InvariantCulture,
            $"{machineTotal:N0} core-seconds in all, {machineBusy / machineTotal:P0} busy: {string.Join(", ", parts)}, everything else {Math.Max(0, machineBusy - known):N0} ({Math.Max(0, machineBusy - known) / machineTotal:P0})");
    }

    // Seconds of CPU per group, PostgreSQL's over all its processes (CpuMeter).
    private Dictionary<string, double> Read()
    {
        var seconds = new Dictionary<string, double>();
        foreach (var (group, pid) in _processes())
        {
            if (CpuMeter.ProcessTime(pid) is var time && time > TimeSpan.Zero) // zero: the process has ended
            {
                seconds[group] = seconds.GetValueOrDefault(group) + time.TotalSeconds;
            }
        }

        seconds["PostgreSQL"] = CpuMeter.PostgresTime(_postgresDataDirectory).TotalSeconds;
        return seconds;
    }

    // /proc/stat's first line: user nice system idle iowait irq softirq steal ...; busy is everything but idle and iowait.
    private static (double Busy, double Total) Machine()
    {
        var values = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        return (total - values[3] - values[4], total);
    }
}
