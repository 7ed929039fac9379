namespace Maimai.Benchmarks.Fetching;

/// <summary>
/// The Silo's service clock in the fetch-load bench: the system clock moved by an offset that starts the run at
/// 12:00 JST, far from DX NET's 04:00-07:00 JST maintenance window, which the scrapers refuse to enter. Elapsed
/// time (timestamps, timers) is the system's.
/// </summary>
internal sealed class BenchClock : TimeProvider
{
    private readonly TimeSpan _offset;

    public BenchClock()
    {
        var now = System.GetUtcNow();
        var noonJst = new DateTimeOffset(now.Year, now.Month, now.Day, 3, 0, 0, TimeSpan.Zero); // 12:00 JST
        _offset = noonJst - now;
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
