using System.Diagnostics.Metrics;
using System.Globalization;

namespace Maimai.Benchmarks.Fetching;

/// <summary>
/// What the Silo process holds while the bench runs: working set and managed heap sampled every 50 ms (peaks
/// kept), and the grain runtime's own "Maimai.Grains" meter (activations alive, calls rejected) read through a
/// MeterListener, the way an exporter would.
/// </summary>
internal sealed class ResourceSampler : IAsyncDisposable
{
    private readonly MeterListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _activations;
    private long _activationsPeak;
    private long _rejections;
    private long _workingSetPeak;
    private long _heapPeak;

    public ResourceSampler()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Maimai.Grains" && instrument.Name is "maimai.grains.activations" or "maimai.grains.rejections")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "maimai.grains.rejections")
            {
                Interlocked.Add(ref _rejections, value);
                return;
            }

            var now = Interlocked.Add(ref _activations, value);
            InterlockedMax(ref _activationsPeak, now);
        });
        _listener.Start();
        _loop = Task.Run(SampleAsync);
    }

    public long Activations => Interlocked.Read(ref _activations);

    public long ActivationsPeak => Interlocked.Read(ref _activationsPeak);

    public long Rejections => Interlocked.Read(ref _rejections);

    public long WorkingSetPeak => Interlocked.Read(ref _workingSetPeak);

    public long HeapPeak => Interlocked.Read(ref _heapPeak);

    /// <summary>Starts the peaks again (after set-up, so they show the load alone).</summary>
    public void ResetPeaks()
    {
        Interlocked.Exchange(ref _workingSetPeak, 0);
        Interlocked.Exchange(ref _heapPeak, 0);
        Interlocked.Exchange(ref _activationsPeak, Activations);
    }

    /// <summary>The kernel's peak resident set (VmHWM) of a process, in bytes; "self" for this one.</summary>
    public static long PeakResidentBytes(string pid = "self")
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            do
            {
                InterlockedMax(ref _workingSetPeak, Environment.WorkingSet);
                InterlockedMax(ref _heapPeak, GC.GetTotalMemory(forceFullCollection: false));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
