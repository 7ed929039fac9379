using Maimai.Silo.Grains;

namespace Maimai.Silo.Tests.Grains;

public sealed class GrainTurnTests
{
    private static readonly TimeSpan Timeout = GrainHarness.Timeout;

    [Fact]
    public async Task Turns_for_one_key_run_one_at_a_time_in_arrival_order()
    {
        await using var harness = GrainHarness.Create(o => o.MaxMailboxDepth = 2_000);
        var grain = harness.Probe("one");

        var calls = Enumerable.Range(0, 1_000).Select(i => grain.InvokeAsync((g, _) => g.RecordAsync(i))).ToList();
        var results = await Task.WhenAll(calls).WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(0, 1_000), results);
        var seen = await grain.InvokeAsync((g, _) => Task.FromResult(g.Seen.ToList())).WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 1_000), seen);
        Assert.Equal(0, harness.Journal.Overlaps);
    }

    [Fact]
    public async Task Turns_of_different_keys_run_in_parallel()
    {
        await using var harness = GrainHarness.Create();
        var aStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each turn waits for the other to start: both can finish only if they overlap.
        var a = harness.Probe("a").InvokeAsync(async (_, ct) =>
        {
            aStarted.SetResult();
            await bStarted.Task.WaitAsync(Timeout, ct);
            return "a";
        });
        var b = harness.Probe("b").InvokeAsync(async (_, ct) =>
        {
            bStarted.SetResult();
            await aStarted.Task.WaitAsync(Timeout, ct);
            return "b";
        });

        Assert.Equal(["a", "b"], await Task.WhenAll(a, b).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Concurrent_first_calls_share_one_activation()
    {
        await using var harness = GrainHarness.Create();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            await go.Task.WaitAsync(Timeout);
            return await harness.Probe("shared").InvokeAsync((g, _) => Task.FromResult(g.Instance));
        })).ToList();

        go.SetResult();
        var instances = await Task.WhenAll(callers).WaitAsync(Timeout);

        Assert.Single(instances.Distinct());
        Assert.Equal(1, harness.Runtime.ActivationCount);
        Assert.Equal([new ProbeEvent("shared", instances[0], "activated", null)], harness.Journal.Drain());
    }

    [Fact]
    public async Task Exception_in_a_turn_reaches_only_its_caller_and_the_activation_keeps_serving()
    {
        await using var harness = GrainHarness.Create();
        var grain = harness.Probe("faulty");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var failing = grain.InvokeAsync<int>(async (_, ct) =>
        {
            await release.Task.WaitAsync(Timeout, ct);
            throw new InvalidOperationException("chart not found");
        });
        var queuedBehind = grain.InvokeAsync((g, _) => g.RecordAsync(7));
        release.SetResult();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Timeout));
        Assert.Equal("chart not found", error.Message);
        Assert.Equal(7, await queuedBehind.WaitAsync(Timeout));

        var synchronousThrow = grain.InvokeAsync<int>((_, _) => throw new ArgumentException("bad level"));
        Assert.Equal("bad level", (await Assert.ThrowsAsync<ArgumentException>(() => synchronousThrow.WaitAsync(Timeout))).Message);

        var seen = await grain.InvokeAsync((g, _) => Task.FromResult((g.Instance, g.Seen.ToList()))).WaitAsync(Timeout);
        Assert.Equal(1, seen.Instance);
        Assert.Equal([7], seen.Item2);
    }

    [Fact]
    public async Task A_grain_that_calls_itself_is_not_reentered_and_its_inner_call_meets_its_deadline()
    {
        await using var harness = GrainHarness.Create();
        var grain = harness.Probe("self");
        var innerRan = false;

        var outer = grain.InvokeAsync(async (_, _) =>
        {
            // Documented limit: the inner call queues behind this very turn, so only its deadline ends the wait.
            var inner = grain.InvokeAsync((_, _) =>
            {
                innerRan = true;
                return Task.FromResult(0);
            }, harness.Clock.GetUtcNow().AddSeconds(5), CancellationToken.None);
            harness.Clock.Advance(TimeSpan.FromSeconds(6));
            return await Assert.ThrowsAsync<GrainDeadlineExceededException>(() => inner.WaitAsync(Timeout));
        });

        Assert.IsType<GrainDeadlineExceededException>(await outer.WaitAsync(Timeout));
        await grain.InvokeAsync((_, _) => Task.CompletedTask).WaitAsync(Timeout);
        Assert.False(innerRan);
    }

    [Fact]
    public async Task The_non_generic_overload_runs_a_turn()
    {
        await using var harness = GrainHarness.Create();
        var grain = harness.Probe("plain");

        await grain.InvokeAsync(async (g, _) => await g.RecordAsync(3)).WaitAsync(Timeout);

        Assert.Equal([3], await grain.InvokeAsync((g, _) => Task.FromResult(g.Seen.ToList())).WaitAsync(Timeout));
    }
}
