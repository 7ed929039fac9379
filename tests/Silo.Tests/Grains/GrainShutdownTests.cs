using Maimai.Silo.Grains;

namespace Maimai.Silo.Tests.Grains;

public sealed class GrainShutdownTests
{
    private static readonly TimeSpan Timeout = GrainHarness.Timeout;

    [Fact]
    public async Task Shutdown_refuses_new_calls_lets_queued_and_running_turns_finish_then_deactivates()
    {
        await using var harness = GrainHarness.Create();
        await harness.HostedService.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        var grain = harness.Probe("drain");
        var idle = harness.Probe("idle");
        await idle.InvokeAsync((g, _) => g.RecordAsync(0)).WaitAsync(Timeout);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = grain.InvokeAsync(async (g, ct) =>
        {
            started.SetResult();
            await release.Task.WaitAsync(Timeout, ct);
            return await g.RecordAsync(1);
        });
        var queued = grain.InvokeAsync((g, _) => g.RecordAsync(2));
        await started.Task.WaitAsync(Timeout);

        var stopping = harness.HostedService.StopAsync(CancellationToken.None);

        var refused = grain.InvokeAsync((g, _) => g.RecordAsync(3));
        Assert.True(refused.IsFaulted);
        await Assert.ThrowsAsync<GrainRuntimeStoppingException>(() => refused);
        await Assert.ThrowsAsync<GrainRuntimeStoppingException>(() => harness.Probe("new").InvokeAsync((g, _) => g.RecordAsync(4)));
        Assert.False(stopping.IsCompleted);

        release.SetResult();
        Assert.Equal(new[] { 1, 2 }, await Task.WhenAll(running, queued).WaitAsync(Timeout));
        await stopping.WaitAsync(Timeout);

        var shutdowns = harness.Journal.Drain().Where(e => e.What == "deactivated").ToList();
        Assert.Equal(["drain", "idle"], shutdowns.Select(e => e.Key).Order());
        Assert.All(shutdowns, e => Assert.Equal(DeactivationReason.Shutdown, e.Reason));
        Assert.Equal(0, harness.Runtime.ActivationCount);
    }

    [Fact]
    public async Task After_the_drain_timeout_running_turns_are_cancelled_queued_ones_rejected_and_grains_still_deactivate()
    {
        await using var harness = GrainHarness.Create(o => o.DrainTimeout = TimeSpan.FromSeconds(20));
        var grain = harness.Probe("stuck");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = grain.InvokeAsync(async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, ct).WaitAsync(Timeout, CancellationToken.None);
            return 0;
        });
        var queued = grain.InvokeAsync((g, _) => g.RecordAsync(1));
        await started.Task.WaitAsync(Timeout);

        var stopping = harness.Runtime.StopAsync(CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(stuck.IsCompleted);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<GrainRuntimeStoppingException>(() => stuck.WaitAsync(Timeout));
        await Assert.ThrowsAsync<GrainRuntimeStoppingException>(() => queued.WaitAsync(Timeout));
        await stopping.WaitAsync(Timeout);
        var events = harness.Journal.Drain();
        Assert.Contains(new ProbeEvent("stuck", 1, "deactivated", DeactivationReason.Shutdown), events);
        Assert.Equal(0, harness.Runtime.ActivationCount);
    }

    [Fact]
    public async Task Stopping_twice_waits_for_the_same_drain()
    {
        await using var harness = GrainHarness.Create();
        await harness.Probe("a").InvokeAsync((g, _) => g.RecordAsync(1)).WaitAsync(Timeout);

        var first = harness.Runtime.StopAsync(CancellationToken.None);
        var second = harness.Runtime.StopAsync(CancellationToken.None);

        Assert.Same(first, second);
        await first.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Disposing_the_services_without_a_drain_cancels_turns_and_ends_every_activation()
    {
        await using var harness = GrainHarness.Create();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = harness.Probe("abandoned").InvokeAsync(async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, ct).WaitAsync(Timeout, CancellationToken.None);
            return 0;
        });
        await started.Task.WaitAsync(Timeout);

        await harness.Services.DisposeAsync();

        await Assert.ThrowsAsync<GrainRuntimeStoppingException>(() => stuck.WaitAsync(Timeout));
        Assert.Equal("activated", (await harness.Journal.NextAsync()).What);
        Assert.Equal(new ProbeEvent("abandoned", 1, "deactivating", DeactivationReason.Shutdown), await harness.Journal.NextAsync());
        await Assert.ThrowsAsync<GrainRuntimeStoppingException>(() => harness.Probe("late").InvokeAsync((g, _) => g.RecordAsync(1)));
    }
}
