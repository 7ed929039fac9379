using System.Diagnostics;

namespace Maimai.Benchmarks.Api;

/// <summary>One measured window: operations completed, throughput, latency percentiles, and CPU milliseconds per operation.</summary>
public sealed record LoopResult(int Operations, double OpsPerSecond, double P50Ms, double P99Ms, double BenchCpuMs, double PostgresCpuMs);

/// <summary>
/// A closed loop: <c>clients</c> workers each run one operation after another (no think time) for a warm-up, then
/// for the measured window. Every operation started in the window is timed to its end and counted; throughput is
/// those operations over the time until the last one ended. Bounded: a window ends by time, and an operation that
/// fails stops the run with its error.
/// </summary>
public static class ClosedLoop
{
    public static async Task<LoopResult> RunAsync(int clients, TimeSpan warmUp, TimeSpan window, Func<int, CancellationToken, Task> operation, CpuMeter cpu, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        await RunWindowAsync(clients, warmUp, operation, null, cancellationToken);
        var latencies = new List<double>[clients];
        var before = cpu.Sample();
        var clock = Stopwatch.StartNew();
        await RunWindowAsync(clients, window, operation, latencies, cancellationToken);
        var elapsed = clock.Elapsed.TotalSeconds;
        var after = cpu.Sample();
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoopResult(all.Length, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99),
            (after.Bench - before.Bench).TotalMilliseconds / all.Length, (after.Postgres - before.Postgres).TotalMilliseconds / all.Length);
    }

    private static Task RunWindowAsync(int clients, TimeSpan length, Func<int, CancellationToken, Task> operation, List<double>[]? latencies, CancellationToken cancellationToken)
    {
        var end = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = new List<double>(1024);
            if (latencies is not null)
            {
                latencies[client] = mine;
            }

            // At least one operation per client, so a slow variant still yields a sample from everyone.
            do
            {
                var start = Stopwatch.GetTimestamp();
                await operation(client, cancellationToken);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            while (Stopwatch.GetTimestamp() < end);
        }, cancellationToken)));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
