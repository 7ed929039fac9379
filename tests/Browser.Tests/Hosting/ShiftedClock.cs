namespace Maimai.Browser.Tests.Hosting;

/// <summary>
/// The system clock moved by <see cref="Shift"/>: a fetch made while it is set back takes its snapshot "days ago",
/// while every wait and timer still runs at the real pace (only the wall time moves).
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long _shiftTicks;

    public TimeSpan Shift
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));
        set => Interlocked.Exchange(ref _shiftTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
}
