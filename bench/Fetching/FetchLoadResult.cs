namespace Maimai.Benchmarks.Fetching;

/// <summary>Everything one fetch-load run measured.</summary>
internal sealed record FetchLoadResult(
    (int Songs, int Charts, int Scores, int Plays) Simulator,
    double SetupSeconds,
    ConcurrentFigures Concurrent,
    IdleFigures Idle,
    IReadOnlyList<FetchOutcome> Sequential,
    TimeSpan SequentialWall,
    long SequentialRequests)
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

/// <summary>Idle activations: the count before and after the clock passed the collection age, and the managed heap around it.</summary>
internal sealed record IdleFigures(long Before, long After, TimeSpan CollectedIn, long HeapResident, long HeapResidentAgain, long HeapCollected)
{
    public long Collected => Before - After;

    public double BytesPerActivation => Collected == 0 ? double.NaN : (double)(HeapResidentAgain - HeapCollected) / Collected;

    /// <summary>How much the heap moved in 2 s with nothing collected, per activation: the measurement's noise floor.</summary>
    public double NoisePerActivation => Collected == 0 ? double.NaN : Math.Abs((double)(HeapResident - HeapResidentAgain)) / Collected;
}
