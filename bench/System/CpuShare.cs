using System.Globalization;
using Maimai.Benchmarks.Api;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>
/// Where the machine's CPU went in one phase: core-seconds of each process group (the silos, PostgreSQL with all its
/// backends, the simulator, this load generator) and of the whole machine, from /proc at the phase's start and end.
/// </summary>
internal sealed class CpuShare(Func<IReadOnlyList<(string Group, int Pid)>> processes, string postgresDataDirectory)
{
    private Dictionary<string, double> _start = [];
    private (TimeSpan Busy, TimeSpan Total) _machineStart;

    public void Start()
    {
        _start = Read();
        _machineStart = CpuMeter.MachineTime();
    }

    /// <summary>One line: each group's share of the machine's core-seconds since <see cref="Start"/>.</summary>
    public string Finish()
    {
        var end = Read();
        var (busy, total) = CpuMeter.MachineTime();
        var machineBusy = (busy - _machineStart.Busy).TotalSeconds;
        var machineTotal = (total - _machineStart.Total).TotalSeconds;
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
        foreach (var (group, pid) in processes())
        {
            if (CpuMeter.ProcessTime(pid) is var time && time > TimeSpan.Zero) // zero: the process has ended
            {
                seconds[group] = seconds.GetValueOrDefault(group) + time.TotalSeconds;
            }
        }

        seconds["PostgreSQL"] = CpuMeter.PostgresTime(postgresDataDirectory).TotalSeconds;
        return seconds;
    }
}
