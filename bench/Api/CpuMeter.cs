using System.Diagnostics;
using System.Globalization;

namespace Maimai.Benchmarks.Api;

/// <summary>CPU time used so far: this process (clients and Silo) and the PostgreSQL cluster's processes.</summary>
public readonly record struct CpuSample(TimeSpan Bench, TimeSpan Postgres);

/// <summary>
/// Reads CPU time, which a busy machine does not inflate the way it inflates wall time: this process's from the
/// runtime, and PostgreSQL's from /proc (utime + stime) as the postmaster's own, its live children's, and that of the
/// children it has reaped (cutime + cstime), so a backend that exits between two samples keeps its time.
/// </summary>
public sealed class CpuMeter(string dataDirectory)
{
    // /proc reports clock ticks of USER_HZ, 100 on Linux.
    private const double TicksPerSecond = 100;

    public CpuSample Sample()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSample(self.TotalProcessorTime, PostgresTime(dataDirectory));
    }

    /// <summary>CPU time of one process so far (utime + stime); zero once it has ended.</summary>
    public static TimeSpan ProcessTime(int pid) =>
        Stat(pid) is { } fields ? TimeSpan.FromSeconds(Ticks(fields, 11, 12) / TicksPerSecond) : TimeSpan.Zero;

    /// <summary>
    /// The whole machine's core-time since boot, from /proc/stat's first line (user nice system idle iowait irq
    /// softirq steal): busy is everything but idle and iowait.
    /// </summary>
    public static (TimeSpan Busy, TimeSpan Total) MachineTime()
    {
        var values = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        return (TimeSpan.FromSeconds((total - values[3] - values[4]) / TicksPerSecond), TimeSpan.FromSeconds(total / TicksPerSecond));
    }

    /// <summary>CPU time so far of the PostgreSQL cluster in <paramref name="dataDirectory"/>, every process of it.</summary>
    public static TimeSpan PostgresTime(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture, out var postmaster))
        {
            return TimeSpan.Zero;
        }

        var ticks = Stat(postmaster) is { } own ? Ticks(own, 11, 12, 13, 14) : 0;
        var parent = postmaster.ToString(CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } fields && fields[1] == parent)
            {
                ticks += Ticks(fields, 11, 12);
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    // The fields after the command (which may hold spaces and parentheses): [1] ppid, [11] utime, [12] stime,
    // [13] cutime, [14] cstime. Null when the process ended while being read.
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double Ticks(string[] fields, params int[] indexes) => indexes.Sum(i => double.Parse(fields[i], CultureInfo.InvariantCulture));
}
