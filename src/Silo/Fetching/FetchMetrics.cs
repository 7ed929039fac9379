using System.Diagnostics.Metrics;
using Maimai.Core.Fetching;

namespace Maimai.Silo.Fetching;

/// <summary>
/// The fetch meter ("Maimai.Fetching"): fetches started and ended on this silo (by outcome and error code), how long
/// they took, and how many run or wait for a slot now.
/// </summary>
internal sealed class FetchMetrics
{
    public const string MeterName = "Maimai.Fetching";

    private readonly Counter<long> _started;
    private readonly Counter<long> _ended;
    private readonly Histogram<double> _duration;

    public FetchMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _started = meter.CreateCounter<long>("maimai.fetches.started", "{fetch}", "Fetches accepted on this silo.");
        _ended = meter.CreateCounter<long>("maimai.fetches.ended", "{fetch}", "Fetches that ended on this silo, by outcome and error code.");
        _duration = meter.CreateHistogram<double>("maimai.fetch.duration", "s", "From acceptance to the end, waiting for a slot included.");
        Meter = meter;
    }

    public Meter Meter { get; }

    public void Started() => _started.Add(1);

    public void Ended(FetchStatus end, TimeSpan took)
    {
        ArgumentNullException.ThrowIfNull(end);
        var outcome = new KeyValuePair<string, object?>("outcome", end.State == FetchState.Completed ? "completed" : "failed");
        var code = new KeyValuePair<string, object?>("error_code", end.ErrorCode.ToString());
        _ended.Add(1, outcome, code);
        _duration.Record(took.TotalSeconds, outcome);
    }
}
