using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Maimai.Silo.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Grains;

public sealed class GrainMetricsTests
{
    private static readonly TimeSpan Timeout = GrainHarness.Timeout;

    [Fact]
    public async Task The_meter_reports_activations_mailbox_depth_queue_wait_turn_duration_and_rejections()
    {
        await using var harness = GrainHarness.Create(o => o.MaxMailboxDepth = 1);
        using var recorder = new MeasurementRecorder(harness.Services.GetRequiredService<IMeterFactory>());
        var grain = harness.Probe("measured");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = grain.InvokeAsync(async (_, ct) =>
        {
            started.SetResult();
            await release.Task.WaitAsync(Timeout, ct);
            return 0;
        });
        await started.Task.WaitAsync(Timeout);
        var queued = grain.InvokeAsync((g, _) =>
        {
            harness.Clock.Advance(TimeSpan.FromMilliseconds(250)); // this turn "takes" 250 ms on the fake clock
            return g.RecordAsync(1);
        });
        await Assert.ThrowsAsync<GrainMailboxFullException>(() => grain.InvokeAsync((g, _) => g.RecordAsync(2)));

        harness.Clock.Advance(TimeSpan.FromMilliseconds(100)); // the queued call waits 100 ms
        release.SetResult();
        await Task.WhenAll(running, queued).WaitAsync(Timeout);

        Assert.Equal([1L], recorder.Values("maimai.grains.activations"));
        Assert.Equal([1L, -1L, 1L, -1L], recorder.Values("maimai.grains.mailbox.depth")); // the first call leaves the mailbox when its turn starts
        Assert.Equal([0d, 100d], recorder.Values("maimai.grains.queue.wait"));
        Assert.Equal([100d, 250d], recorder.Values("maimai.grains.turn.duration"));
        Assert.Equal([1L], recorder.Values("maimai.grains.rejections"));
        Assert.Equal("mailbox_full", recorder.Tag("maimai.grains.rejections", "reason"));
        Assert.Equal("ProbeGrain", recorder.Tag("maimai.grains.turn.duration", "grain.type"));

        await harness.Runtime.StopAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal([1L, -1L], recorder.Values("maimai.grains.activations"));
    }

    /// <summary>Listens to this runtime's own "Maimai.Grains" meter only (tests run in parallel, each with its own factory).</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentQueue<(string Instrument, object Value, KeyValuePair<string, object?>[] Tags)> measurements = new();

        public MeasurementRecorder(IMeterFactory factory)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Maimai.Grains" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, tags.ToArray())));
            listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, tags.ToArray())));
            listener.Start();
        }

        public List<object> Values(string instrument) => measurements.Where(m => m.Instrument == instrument).Select(m => m.Value).ToList();

        public object? Tag(string instrument, string tag) =>
            measurements.First(m => m.Instrument == instrument).Tags.Single(t => t.Key == tag).Value;

        public void Dispose() => listener.Dispose();
    }
}
