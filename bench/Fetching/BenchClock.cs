using System.Diagnostics;

namespace Maimai.Benchmarks.Fetching;

/// <summary>
/// The Silo's clock in the fetch-load bench: the system clock moved by an offset. The offset starts the run at
/// 12:00 JST (far from DX NET's 04:00-07:00 JST maintenance window, which the scrapers refuse to enter), and
/// <see cref="Advance"/> moves wall time and timestamps forward together, so idle activations pass their
/// collection age without the bench waiting for it. Timers stay on the system clock (their periods are short).
/// </summary>
internal sealed class BenchClock : TimeProvider
{
    private readonly long _startOffsetTicks;
    private long _advancedTicks;

    public BenchClock()
    {
        var now = System.GetUtcNow();
        var noonJst = new DateTimeOffset(now.Year, now.Month, now.Day, 3, 0, 0, TimeSpan.Zero); // 12:00 JST
        _startOffsetTicks = (noonJst - now).Ticks;
    }

    /// <summary>How far this clock is from the system clock now.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(_startOffsetTicks + Interlocked.Read(ref _advancedTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    // Timestamps only measure elapsed time, so they move by the advances alone.
    public override long GetTimestamp() =>
        System.GetTimestamp() + (long)(Interlocked.Read(ref _advancedTicks) * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _advancedTicks, by.Ticks);
}
