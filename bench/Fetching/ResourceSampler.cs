using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Maimai.Benchmarks.Fetching;

/// <summary>
/// What the Silo process holds while the bench runs: working set and managed heap sampled every 50 ms (peaks
/// kept), and Orleans' own "Microsoft.Orleans" meter read through a MeterListener, the way an exporter would:
/// activations per grain type (the "orleans-grains" up-down counter, tag grain_type) and the grain calls Orleans
/// refused or gave up on (messages rejected or expired, requests timed out, activations that failed).
/// </summary>
internal sealed class ResourceSampler : IAsyncDisposable
{
    private const string ActivationsInstrument = "orleans-grains";

    private static readonly HashSet<string> RefusalInstruments =
    [
        "orleans-messaging-rejected",
        "orleans-messaging-expired",
        "orleans-app-requests-timedout",
        "orleans-catalog-activation-failed-to-activate",
    ];

    private readonly MeterListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _activations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _activationsPeak = new(StringComparer.Ordinal);
    private long _rejections;
    private long _workingSetPeak;
    private long _heapPeak;

    public ResourceSampler()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.Orleans" && (instrument.Name == ActivationsInstrument || RefusalInstruments.Contains(instrument.Name)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        // Orleans 10.4.2's counters are int, except orleans-app-requests-timedout (long).
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
        _loop = Task.Run(SampleAsync);
    }

    /// <summary>Activations of one grain type alive now (the tag value, e.g. "userregion").</summary>
    public long Activations(string grainType) => _activations.TryGetValue(grainType, out var n) ? Interlocked.Read(ref n.Value) : 0;

    /// <summary>The most activations of one grain type alive at once since the last <see cref="ResetPeaks"/>.</summary>
    public long ActivationsPeak(string grainType) => _activationsPeak.TryGetValue(grainType, out var n) ? Interlocked.Read(ref n.Value) : 0;

    /// <summary>Every grain type seen, with its activations alive now: to show nothing else was resident.</summary>
    public IReadOnlyDictionary<string, long> ActivationsByType() => _activations.ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value));

    public long Rejections => Interlocked.Read(ref _rejections);

    public long WorkingSetPeak => Interlocked.Read(ref _workingSetPeak);

    public long HeapPeak => Interlocked.Read(ref _heapPeak);

    /// <summary>Starts the peaks again (after set-up, so they show the load alone).</summary>
    public void ResetPeaks()
    {
        Interlocked.Exchange(ref _workingSetPeak, 0);
        Interlocked.Exchange(ref _heapPeak, 0);
        foreach (var (type, peak) in _activationsPeak)
        {
            Interlocked.Exchange(ref peak.Value, Activations(type));
        }
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

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (instrument.Name != ActivationsInstrument)
        {
            Interlocked.Add(ref _rejections, value);
            return;
        }

        var type = GrainType(tags);
        var now = Interlocked.Add(ref _activations.GetOrAdd(type, _ => new StrongBox<long>()).Value, value);
        InterlockedMax(ref _activationsPeak.GetOrAdd(type, _ => new StrongBox<long>()).Value, now);
    }

    private static string GrainType(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "grain_type")
            {
                return tag.Value?.ToString() ?? "unknown";
            }
        }

        return "unknown";
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
