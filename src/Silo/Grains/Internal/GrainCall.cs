namespace Maimai.Silo.Grains.Internal;

/// <summary>One message in a mailbox: a turn to run, with the caller's deadline and token travelling along.</summary>
internal abstract class GrainCall<TGrain>
    where TGrain : class
{
    protected GrainCall(DateTimeOffset? deadline, long enqueuedAt)
    {
        Deadline = deadline;
        EnqueuedAt = enqueuedAt;
    }

    public DateTimeOffset? Deadline { get; }

    public long EnqueuedAt { get; set; }

    /// <summary>True once the caller has its answer: a result, or a deadline or cancellation that fired while queued.</summary>
    public abstract bool IsCompleted { get; }

    /// <summary>Cancelled at the deadline or when the caller cancels; None when neither can happen.</summary>
    public abstract CancellationToken Token { get; }

    /// <summary>Runs the turn and hands its outcome to the caller; never throws.</summary>
    public abstract Task RunAsync(TGrain grain, CancellationToken abortToken);

    public abstract void Reject(Exception exception);

    public abstract void RejectDeadlineExceeded();

    /// <summary>Frees the timer and registrations; called once, when the call leaves the mailbox.</summary>
    public abstract void Release();
}

/// <summary>A call with a typed result.</summary>
internal sealed class GrainCall<TGrain, TResult> : GrainCall<TGrain>
    where TGrain : class
{
    private readonly Func<TGrain, CancellationToken, Task<TResult>> call;
    private readonly TaskCompletionSource<TResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken callerToken;
    private readonly CancellationTokenSource? cancellation;
    private readonly CancellationTokenRegistration callerRegistration;
    private readonly CancellationTokenRegistration completionRegistration;
    private volatile bool aborted;

    public GrainCall(
        Func<TGrain, CancellationToken, Task<TResult>> call,
        DateTimeOffset? deadline,
        TimeProvider time,
        CancellationToken callerToken)
        : base(deadline, time.GetTimestamp())
    {
        this.call = call;
        this.callerToken = callerToken;
        if (deadline is null && !callerToken.CanBeCanceled)
        {
            return; // the common fast path: nothing can cancel this call but shutdown.
        }

        cancellation = deadline is { } due
            ? new CancellationTokenSource(Max(due - time.GetUtcNow(), TimeSpan.Zero), time)
            : new CancellationTokenSource();
        callerRegistration = callerToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cancellation);

        // The caller stops waiting at once, even while the call is queued or its turn ignores the token.
        completionRegistration = cancellation.Token.UnsafeRegister(static s => ((GrainCall<TGrain, TResult>)s!).CompleteCancelled(), this);
    }

    public Task<TResult> Task => completion.Task;

    public override bool IsCompleted => completion.Task.IsCompleted;

    public override CancellationToken Token => cancellation?.Token ?? CancellationToken.None;

    public override async Task RunAsync(TGrain grain, CancellationToken abortToken)
    {
        var abortRegistration = cancellation is null
            ? default
            : abortToken.UnsafeRegister(static s => ((GrainCall<TGrain, TResult>)s!).Abort(), this);
        var token = cancellation?.Token ?? abortToken;
        try
        {
            var result = await call(grain, token);
            completion.TrySetResult(result);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            aborted |= abortToken.IsCancellationRequested && !callerToken.IsCancellationRequested;
            CompleteCancelled();
        }
        catch (Exception exception)
        {
            completion.TrySetException(exception);
        }
        finally
        {
            abortRegistration.Dispose();
        }
    }

    public override void Reject(Exception exception) => completion.TrySetException(exception);

    public override void RejectDeadlineExceeded() =>
        completion.TrySetException(new GrainDeadlineExceededException(Deadline.GetValueOrDefault()));

    public override void Release()
    {
        // Registrations first: disposing one waits for a callback in flight, so Cancel never meets a disposed source.
        callerRegistration.Dispose();
        completionRegistration.Dispose();
        cancellation?.Dispose();
    }

    private void Abort()
    {
        aborted = true;
        cancellation?.Cancel();
    }

    private void CompleteCancelled()
    {
        if (callerToken.IsCancellationRequested)
        {
            completion.TrySetCanceled(callerToken);
        }
        else if (aborted)
        {
            completion.TrySetException(new GrainRuntimeStoppingException());
        }
        else
        {
            RejectDeadlineExceeded();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
