using System.Diagnostics;
using System.Globalization;

namespace Maimai.Benchmarks.Api;

/// <summary>CPU time used so far: this process (clients and Silo) and the PostgreSQL cluster's processes.</summary>
public readonly record struct CpuSample(TimeSpan Bench, TimeSpan Postgres);

/// <summary>
/// Reads CPU time, which a busy machine does not inflate the way it inflates wall time: this process's from the
/// runtime, and PostgreSQL's as the sum over the postmaster and its children from /proc (utime + stime). Backends
/// that exit between two samples take their time with them; the pools keep them alive, so the error is small.
/// </summary>
public sealed class CpuMeter(string dataDirectory)
{
    // /proc reports clock ticks of USER_HZ, 100 on Linux.
    private const double TicksPerSecond = 100;

    public CpuSample Sample()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSample(self.TotalProcessorTime, TimeSpan.FromSeconds(PostgresTicks() / TicksPerSecond));
    }

    private long PostgresTicks()
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture, out var postmaster))
        {
            return 0;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // The command may hold spaces and parentheses: the fields start after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == postmaster || parent == postmaster)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return ticks;
    }
}
