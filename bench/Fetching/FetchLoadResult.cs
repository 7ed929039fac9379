namespace Maimai.Benchmarks.Fetching;

/// <summary>Everything one fetch-load run measured.</summary>
internal sealed record FetchLoadResult(
    (int Songs, int Charts, int Scores, int Plays) Simulator,
    double SetupSeconds,
    ConcurrentFigures Concurrent,
    IdleFigures Idle,
    IReadOnlyList<FetchOutcome> Sequential,
    TimeSpan SequentialWall,
    long SequentialRequests,
    string GrainType,
    TimeSpan CollectionAge,
    TimeSpan CollectionQuantum)
{
    public int Completed => Concurrent.Outcomes.Count(o => o.Result == "COMPLETED");
}

/// <summary>The fetches released at once, and what the Silo process held meanwhile.</summary>
internal sealed record ConcurrentFigures(
    IReadOnlyList<FetchOutcome> Outcomes,
    TimeSpan Wall,
    long SimulatorRequests,
    string LoadAtStart,
    long WorkingSetPeak,
    long HeapPeak,
    long SiloPeakResident,
    long SimulatorPeakResident,
    long ActivationsPeak,
    long Rejections,
    long Snapshots);

/// <summary>
/// Idle activations: the count once the load had settled (early), just before collection began (before), once
/// it ended (after), and still there when all were due (late); the managed heap at the first three points, the
/// time between the first two, whether the load had settled before them (the idle age was long enough), and
/// grain types other than the measured one still resident.
/// </summary>
internal sealed record IdleFigures(long EarlyCount, long Before, long After, long Late, TimeSpan CollectedIn, long HeapEarly, long HeapResident,
    long HeapCollected, TimeSpan DriftWindow, bool Settled, IReadOnlyDictionary<string, long> OtherGrainTypes)
{
    public long Collected => Before - After;

    public double BytesPerActivation => Collected == 0 ? double.NaN : (double)(HeapResident - HeapCollected) / Collected;

    /// <summary>How much the heap moved between the early reading and the one before collection, per activation: the noise floor.</summary>
    public double DriftPerActivation => Collected == 0 ? double.NaN : Math.Abs((double)(HeapEarly - HeapResident)) / Collected;
}
