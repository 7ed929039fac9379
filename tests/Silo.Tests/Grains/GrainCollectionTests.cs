using Maimai.Silo.Grains;

namespace Maimai.Silo.Tests.Grains;

public sealed class GrainCollectionTests
{
    private static readonly TimeSpan Timeout = GrainHarness.Timeout;

    [Fact]
    public async Task An_idle_activation_is_collected_after_the_age_and_the_next_call_activates_a_new_instance()
    {
        await using var harness = GrainHarness.Create(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(15);
            o.CollectionScanInterval = TimeSpan.FromMinutes(1);
        });
        await harness.HostedService.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        var grain = harness.Probe("idle");
        var first = await grain.InvokeAsync((g, _) => Task.FromResult(g.Instance)).WaitAsync(Timeout);
        Assert.Equal(new ProbeEvent("idle", first, "activated", null), await harness.Journal.NextAsync());

        harness.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, harness.Runtime.CollectIdle()); // younger than the age: kept

        harness.Clock.Advance(TimeSpan.FromMinutes(2)); // the scan timer now fires on its own
        Assert.Equal(new ProbeEvent("idle", first, "deactivating", DeactivationReason.IdleCollected), await harness.Journal.NextAsync());
        Assert.Equal(new ProbeEvent("idle", first, "deactivated", DeactivationReason.IdleCollected), await harness.Journal.NextAsync());

        var second = await grain.InvokeAsync((g, _) => Task.FromResult(g.Instance)).WaitAsync(Timeout);
        Assert.NotEqual(first, second);
        Assert.Equal(new ProbeEvent("idle", second, "activated", null), await harness.Journal.NextAsync());
        Assert.Equal(1, harness.Runtime.ActivationCount);
        await harness.HostedService.StopAsync(CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_busy_activation_or_one_with_queued_calls_is_not_collected()
    {
        await using var harness = GrainHarness.Create(o => o.CollectionAge = TimeSpan.FromMinutes(15));
        var grain = harness.Probe("busy");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = grain.InvokeAsync(async (_, ct) =>
        {
            started.SetResult();
            await release.Task.WaitAsync(Timeout, ct);
            return 1;
        });
        var queued = grain.InvokeAsync((g, _) => g.RecordAsync(2));
        await started.Task.WaitAsync(Timeout);

        harness.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, harness.Runtime.CollectIdle());

        release.SetResult();
        Assert.Equal(new[] { 1, 2 }, await Task.WhenAll(running, queued).WaitAsync(Timeout));
        Assert.Equal(0, harness.Runtime.CollectIdle()); // just served: idle since now, not since the hour began

        harness.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(1, harness.Runtime.CollectIdle());
        var events = new[] { await harness.Journal.NextAsync(), await harness.Journal.NextAsync() };
        Assert.Equal(["activated", "deactivating"], events.Select(e => e.What));
    }

    [Fact]
    public async Task A_call_arriving_while_its_activation_deactivates_waits_and_lands_on_a_new_instance()
    {
        await using var harness = GrainHarness.Create(o => o.CollectionAge = TimeSpan.FromMinutes(1));
        var deactivating = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finishDeactivation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Journal.OnDeactivate = async (_, ct) =>
        {
            deactivating.TrySetResult();
            await finishDeactivation.Task.WaitAsync(Timeout, ct);
        };
        var grain = harness.Probe("handover");
        var first = await grain.InvokeAsync((g, _) => Task.FromResult(g.Instance)).WaitAsync(Timeout);

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, harness.Runtime.CollectIdle());
        await deactivating.Task.WaitAsync(Timeout);

        var during = grain.InvokeAsync((g, _) => Task.FromResult(g.Instance));
        Assert.False(during.IsCompleted); // two instances of one key never overlap
        harness.Journal.OnDeactivate = null;
        finishDeactivation.SetResult();

        var second = await during.WaitAsync(Timeout);
        Assert.NotEqual(first, second);
        List<string> lifecycle = [];
        for (var i = 0; i < 4; i++)
        {
            lifecycle.Add((await harness.Journal.NextAsync()).What);
        }

        Assert.Equal(["activated", "deactivating", "deactivated", "activated"], lifecycle);
    }
}
