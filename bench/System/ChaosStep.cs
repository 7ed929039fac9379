using System.Globalization;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>One fault while the mix ran, what the load saw, how long until calls succeeded again, and the check after it.</summary>
internal sealed record ChaosOutcome(
    string Name,
    string Fault,
    string? Skipped,
    MixResult? Load,
    double FaultAtSeconds,
    double? RecoverySeconds,
    string Fetches,
    ConsistencyOutcome? Consistency,
    string Notes)
{
    public static ChaosOutcome Skip(string name, string fault, string reason) => new(name, fault, reason, null, 0, null, "", null, "");

    /// <summary>Failed calls by code during the step, e.g. "UNAVAILABLE 12, TRANSPORT 3"; "none" when every call succeeded.</summary>
    public string ErrorsByCode()
    {
        if (Load is null)
        {
            return "";
        }

        var codes = Load.Calls.Values.SelectMany(c => c.Failures()).GroupBy(p => p.Key).Select(g => (Code: g.Key, Count: g.Sum(p => p.Value)))
            .OrderByDescending(p => p.Count).ToList();
        return codes.Count == 0 ? "none" : string.Join(", ", codes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Code} {c.Count}")));
    }

    /// <summary>
    /// Seconds from the fault to the end of the last second in which a call failed (0: no call failed after the
    /// fault); null when calls were still failing in the window's last 5 seconds.
    /// </summary>
    public static double? Recovery(MixResult load, double faultAt)
    {
        var failing = load.Timeline.Where(p => p.Key >= (int)faultAt && p.Value.Failed > 0).Select(p => p.Key).ToList();
        if (failing.Count == 0)
        {
            return 0;
        }

        var last = failing.Max();
        return last >= (int)load.Elapsed.TotalSeconds - 5 ? null : last + 1 - faultAt;
    }
}

/// <summary>
/// The end of the run: how long the wait for every snapshot took, the lease check after it, and the detail backlog
/// (fetches with their snapshot stored still reading detail pages; of them, those still waiting for a detail slot).
/// </summary>
internal sealed record SettledOutcome(ConsistencyOutcome Check, TimeSpan Waited, int BeforeSnapshot, int DetailRunning, int DetailPagesLeft, int DetailWaiting);
