using Maimai.Silo.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Tests.Grains;

public sealed class GrainLimitTests
{
    private static readonly TimeSpan Timeout = GrainHarness.Timeout;

    [Fact]
    public async Task A_first_call_beyond_the_activation_cap_is_rejected_at_once()
    {
        await using var harness = GrainHarness.Create(o => o.MaxActivations = 2);
        await harness.Probe("a").InvokeAsync((g, _) => g.RecordAsync(1)).WaitAsync(Timeout);
        await harness.Probe("b").InvokeAsync((g, _) => g.RecordAsync(1)).WaitAsync(Timeout);

        var rejected = harness.Probe("c").InvokeAsync((g, _) => g.RecordAsync(1));

        Assert.True(rejected.IsFaulted); // fast: decided before the call returned, nothing waits
        var error = await Assert.ThrowsAsync<GrainActivationLimitException>(() => rejected);
        Assert.Equal(2, error.MaxActivations);
        Assert.Equal(2, harness.Runtime.ActivationCount);
        Assert.Equal(5, await harness.Probe("a").InvokeAsync((g, _) => g.RecordAsync(5)).WaitAsync(Timeout)); // existing keys still served
    }

    [Fact]
    public async Task A_call_to_a_full_mailbox_is_rejected_at_once_and_the_grain_recovers()
    {
        await using var harness = GrainHarness.Create(o => o.MaxMailboxDepth = 2);
        var grain = harness.Probe("full");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = grain.InvokeAsync(async (_, ct) =>
        {
            started.SetResult();
            await release.Task.WaitAsync(Timeout, ct);
            return 0;
        });
        await started.Task.WaitAsync(Timeout); // the running turn no longer counts against the depth
        var queued = new[] { grain.InvokeAsync((g, _) => g.RecordAsync(1)), grain.InvokeAsync((g, _) => g.RecordAsync(2)) };

        var rejected = grain.InvokeAsync((g, _) => g.RecordAsync(3));

        Assert.True(rejected.IsFaulted);
        Assert.Equal(2, (await Assert.ThrowsAsync<GrainMailboxFullException>(() => rejected)).MaxMailboxDepth);
        release.SetResult();
        Assert.Equal(new[] { 0, 1, 2 }, await Task.WhenAll([running, .. queued]).WaitAsync(Timeout));
        Assert.Equal(4, await grain.InvokeAsync((g, _) => g.RecordAsync(4)).WaitAsync(Timeout));
        Assert.Equal([1, 2, 4], await grain.InvokeAsync((g, _) => Task.FromResult(g.Seen.ToList())).WaitAsync(Timeout));
    }

    [Fact]
    public async Task An_unregistered_grain_type_gets_a_clear_error()
    {
        await using var harness = GrainHarness.Create();

        var error = Assert.Throws<InvalidOperationException>(() => harness.Grains.GetGrain<UnregisteredGrain, string>("x"));

        Assert.Contains("AddGrain<UnregisteredGrain>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_are_refused_naming_each_setting()
    {
        var services = new ServiceCollection();
        services.AddGrains(o =>
        {
            o.MaxMailboxDepth = 0;
            o.CollectionAge = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IGrainFactory>());

        Assert.Contains("Grains:MaxMailboxDepth must be at least 1 (was 0).", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("Grains:CollectionAge must be more than zero", StringComparison.Ordinal));
    }

    private sealed class UnregisteredGrain : IGrain;
}
