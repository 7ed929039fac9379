// Not "Maimai.Benchmarks.System": that would hide the System namespace from every other bench file.
namespace Maimai.Benchmarks.SystemBench;

/// <summary>
/// The latencies of one kind of call and the non-OK answers by code. Percentiles are nearest-rank over every
/// recorded value (no histogram buckets): the load records at most a few million values per run.
/// </summary>
public sealed class LatencyStats
{
    private readonly object _gate = new();
    private readonly List<double> _milliseconds = [];
    private readonly Dictionary<string, long> _failures = new(StringComparer.Ordinal);

    /// <summary>Calls that answered OK.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _milliseconds.Count;
            }
        }
    }

    public void Record(double milliseconds)
    {
        lock (_gate)
        {
            _milliseconds.Add(milliseconds);
        }
    }

    /// <summary>A call that did not answer OK: the gRPC status name, or how the transport failed.</summary>
    public void Fail(string code)
    {
        lock (_gate)
        {
            _failures[code] = _failures.GetValueOrDefault(code) + 1;
        }
    }

    public IReadOnlyDictionary<string, long> Failures()
    {
        lock (_gate)
        {
            return new Dictionary<string, long>(_failures, StringComparer.Ordinal);
        }
    }

    /// <summary>The nearest-rank percentile (0 &lt; p ≤ 100) of the OK calls' latencies; null when there were none.</summary>
    public double? Percentile(double p)
    {
        lock (_gate)
        {
            return Percentile(_milliseconds, p);
        }
    }

    /// <summary>Nearest rank: the smallest value with at least p% of the values at or below it.</summary>
    public static double? Percentile(IReadOnlyCollection<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
