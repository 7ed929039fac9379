using Maimai.Silo.Grains;

namespace Maimai.Silo.Tests.Grains;

public sealed class GrainDeadlineTests
{
    private static readonly TimeSpan Timeout = GrainHarness.Timeout;

    [Fact]
    public async Task A_call_whose_deadline_passes_while_queued_is_dropped_and_its_caller_told_at_once()
    {
        await using var harness = GrainHarness.Create();
        var grain = harness.Probe("slow");
        var (running, release) = await BlockAsync(grain);
        var deadline = harness.Clock.GetUtcNow().AddSeconds(5);
        var expiring = grain.InvokeAsync((g, _) => g.RecordAsync(1), deadline, CancellationToken.None);
        var patient = grain.InvokeAsync((g, _) => g.RecordAsync(2));

        harness.Clock.Advance(TimeSpan.FromSeconds(6));

        var error = await Assert.ThrowsAsync<GrainDeadlineExceededException>(() => expiring.WaitAsync(Timeout));
        Assert.Equal(deadline, error.Deadline);
        Assert.False(running.IsCompleted); // told while the turn ahead still runs
        release.SetResult();
        Assert.Equal(2, await patient.WaitAsync(Timeout));
        Assert.Equal([2], await grain.InvokeAsync((g, _) => Task.FromResult(g.Seen.ToList())).WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_deadline_already_past_is_rejected_without_queueing()
    {
        await using var harness = GrainHarness.Create();
        var late = harness.Probe("late").InvokeAsync((g, _) => g.RecordAsync(1), harness.Clock.GetUtcNow(), CancellationToken.None);

        Assert.True(late.IsFaulted);
        await Assert.ThrowsAsync<GrainDeadlineExceededException>(() => late);
        Assert.Equal(0, harness.Runtime.ActivationCount);
    }

    [Fact]
    public async Task A_running_turn_sees_its_token_cancelled_at_the_deadline()
    {
        await using var harness = GrainHarness.Create();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var turnSawCancellation = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = harness.Probe("fetch").InvokeAsync(async (_, ct) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, ct).WaitAsync(Timeout, CancellationToken.None);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                turnSawCancellation.SetResult(true);
                throw;
            }

            return 0;
        }, harness.Clock.GetUtcNow().AddSeconds(30), CancellationToken.None);
        await started.Task.WaitAsync(Timeout);

        harness.Clock.Advance(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<GrainDeadlineExceededException>(() => call.WaitAsync(Timeout));
        Assert.True(await turnSawCancellation.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_caller_that_cancels_drops_its_queued_call_and_cancels_its_running_turn()
    {
        await using var harness = GrainHarness.Create();
        var grain = harness.Probe("cancel");
        using var queuedCaller = new CancellationTokenSource();
        using var runningCaller = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var turnToken = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = grain.InvokeAsync(async (_, ct) =>
        {
            started.SetResult();
            turnToken.SetResult(ct);
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, ct).WaitAsync(Timeout, CancellationToken.None);
            return 0;
        }, null, runningCaller.Token);
        var queued = grain.InvokeAsync((g, _) => g.RecordAsync(1), null, queuedCaller.Token);
        await started.Task.WaitAsync(Timeout);

        await queuedCaller.CancelAsync();
        var queuedError = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Timeout));
        Assert.Equal(queuedCaller.Token, queuedError.CancellationToken);
        Assert.False(running.IsCompleted);

        await runningCaller.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Timeout));
        Assert.True((await turnToken.Task.WaitAsync(Timeout)).IsCancellationRequested);
        Assert.Empty(await grain.InvokeAsync((g, _) => Task.FromResult(g.Seen.ToList())).WaitAsync(Timeout)); // the dropped call never ran
    }

    [Fact]
    public async Task An_already_cancelled_caller_is_not_queued()
    {
        await using var harness = GrainHarness.Create();

        var call = harness.Probe("x").InvokeAsync((g, _) => g.RecordAsync(1), null, new CancellationToken(canceled: true));

        Assert.True(call.IsCanceled);
        Assert.Equal(0, harness.Runtime.ActivationCount);
    }

    /// <summary>Starts a turn that holds the grain until released.</summary>
    private static async Task<(Task<int> Running, TaskCompletionSource Release)> BlockAsync(GrainReference<ProbeGrain, string> grain)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = grain.InvokeAsync(async (_, ct) =>
        {
            started.SetResult();
            await release.Task.WaitAsync(Timeout, ct);
            return 0;
        });
        await started.Task.WaitAsync(Timeout);
        return (running, release);
    }
}
