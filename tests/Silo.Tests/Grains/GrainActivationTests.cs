using Maimai.Core.Game;
using Maimai.Silo.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Grains;

public sealed class GrainActivationTests
{
    private static readonly TimeSpan Timeout = GrainHarness.Timeout;

    [Fact]
    public async Task A_failed_activation_fails_its_queued_callers_and_the_next_call_activates_afresh()
    {
        await using var harness = GrainHarness.Create();
        var fail = true;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var proceed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Journal.OnActivate = async (_, ct) =>
        {
            entered.TrySetResult();
            await proceed.Task.WaitAsync(Timeout, ct);
            if (fail)
            {
                throw new InvalidOperationException("song database unreachable");
            }
        };
        var grain = harness.Probe("broken");
        var first = grain.InvokeAsync((g, _) => g.RecordAsync(1));
        await entered.Task.WaitAsync(Timeout);
        var second = grain.InvokeAsync((g, _) => g.RecordAsync(2));
        proceed.SetResult();

        foreach (var call in new[] { first, second })
        {
            var error = await Assert.ThrowsAsync<GrainActivationFailedException>(() => call.WaitAsync(Timeout));
            Assert.Equal("song database unreachable", error.InnerException?.Message);
        }

        fail = false;
        Assert.Equal(3, await grain.InvokeAsync((g, _) => g.RecordAsync(3)).WaitAsync(Timeout));
        Assert.Equal(1, harness.Runtime.ActivationCount);
    }

    [Fact]
    public async Task A_typed_key_reaches_the_grain_constructor_and_a_custom_factory_is_used()
    {
        await using var harness = GrainHarness.Create(register: grains => grains
            .AddGrain<RegionGrain>()
            .AddGrain<CountingGrain, long>((services, key) => new CountingGrain(key * 10)));

        var key = new RegionKey(42, Region.Intl);
        var region = await harness.Grains.GetGrain<RegionGrain, RegionKey>(key).InvokeAsync((g, _) => Task.FromResult(g.Key)).WaitAsync(Timeout);
        var built = await harness.Grains.GetGrain<CountingGrain, long>(7).InvokeAsync((g, _) => Task.FromResult(g.Start)).WaitAsync(Timeout);

        Assert.Equal(key, region);
        Assert.Equal(70, built);
        Assert.Equal(key, harness.Grains.GetGrain<RegionGrain, RegionKey>(key).Key);
    }

    [Fact]
    public async Task Grains_are_disposed_after_deactivation()
    {
        await using var harness = GrainHarness.Create(register: grains => grains.AddGrain<CountingGrain, long>((_, key) => new CountingGrain(key)));
        var grain = await harness.Grains.GetGrain<CountingGrain, long>(1).InvokeAsync((g, _) => Task.FromResult(g)).WaitAsync(Timeout);

        await harness.Runtime.StopAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.True(grain.Disposed);
    }

    [Fact]
    public void A_default_reference_says_where_to_get_a_real_one()
    {
        var reference = default(GrainReference<ProbeGrain, string>);

        var error = Assert.Throws<InvalidOperationException>(() => { _ = reference.InvokeAsync((g, _) => g.RecordAsync(1)); });

        Assert.Contains("IGrainFactory.GetGrain", error.Message, StringComparison.Ordinal);
    }

    internal readonly record struct RegionKey(long UserId, Region Region);

    internal sealed class RegionGrain(RegionKey key) : IGrain
    {
        public RegionKey Key { get; } = key;
    }

    internal sealed class CountingGrain(long start) : IGrain, IDisposable
    {
        public long Start { get; } = start;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
