namespace Maimai.Silo.Grains.Internal;

/// <summary>What the collector and the drain need from an activation, whatever its grain and key types.</summary>
internal abstract class GrainActivation
{
    /// <summary>Completes once the activation has deactivated and left its directory.</summary>
    public abstract Task Deactivated { get; }

    /// <summary>Starts deactivating if nothing is queued or running and it has been idle at least <paramref name="age"/>.</summary>
    public abstract bool TryBeginCollection(long now, TimeSpan age);

    /// <summary>Takes no more messages; those queued still run, then the grain deactivates.</summary>
    public abstract void BeginShutdown();
}

/// <summary>
/// One grain instance with its mailbox and its single consumer. The mailbox is a bounded channel; the consumer awaits
/// each turn before reading the next message, which is what makes turns sequential and non-reentrant.
/// </summary>
internal sealed class GrainActivation<TGrain, TKey> : GrainActivation
    where TGrain : class, IGrain
    where TKey : notnull, IEquatable<TKey>
{
    private readonly GrainDirectory<TGrain, TKey> directory;
    private readonly GrainRuntime runtime;
    private readonly System.Threading.Channels.Channel<GrainCall<TGrain>> mailbox;
    private readonly Lock gate = new();
    private readonly TaskCompletionSource deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool accepting = true;
    private DeactivationReason reason;
    private int pending; // queued plus running; written under gate or by the consumer with Interlocked
    private long lastActivity;

    public GrainActivation(GrainDirectory<TGrain, TKey> directory, TKey key)
    {
        this.directory = directory;
        runtime = directory.Runtime;
        Key = key;
        lastActivity = runtime.Time.GetTimestamp();
        mailbox = System.Threading.Channels.Channel.CreateBounded<GrainCall<TGrain>>(
            new System.Threading.Channels.BoundedChannelOptions(runtime.Options.MaxMailboxDepth)
            {
                SingleReader = true,
                AllowSynchronousContinuations = false,
            });
    }

    public TKey Key { get; }

    public override Task Deactivated => deactivated.Task;

    public void Start()
    {
        // The consumer must not inherit the first caller's AsyncLocals (trace, request state) for its whole life.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(RunAsync);
        }
    }

    public EnqueueResult TryEnqueue(GrainCall<TGrain> call)
    {
        lock (gate)
        {
            if (!accepting)
            {
                return EnqueueResult.Deactivating;
            }

            if (!mailbox.Writer.TryWrite(call))
            {
                return EnqueueResult.MailboxFull;
            }

            Interlocked.Increment(ref pending);
        }

        runtime.Metrics.MailboxDepthChanged(1, directory.GrainTypeName);
        return EnqueueResult.Enqueued;
    }

    public override bool TryBeginCollection(long now, TimeSpan age)
    {
        lock (gate)
        {
            if (!accepting || Volatile.Read(ref pending) != 0
                || runtime.Time.GetElapsedTime(Volatile.Read(ref lastActivity), now) < age)
            {
                return false;
            }

            StopAccepting(DeactivationReason.IdleCollected);
            return true;
        }
    }

    public override void BeginShutdown()
    {
        lock (gate)
        {
            if (accepting)
            {
                StopAccepting(DeactivationReason.Shutdown);
            }
        }
    }

    private void StopAccepting(DeactivationReason why)
    {
        accepting = false;
        reason = why;
        mailbox.Writer.TryComplete();
    }

    private async Task RunAsync()
    {
        var reader = mailbox.Reader;
        TGrain? grain = null;
        try
        {
            // Nothing ever queued (shutdown raced the first call): no grain to create or deactivate.
            if (await reader.WaitToReadAsync())
            {
                grain = await ActivateAsync();
                if (grain is not null)
                {
                    do
                    {
                        while (reader.TryRead(out var call))
                        {
                            await RunTurnAsync(grain, call);
                        }
                    }
                    while (await reader.WaitToReadAsync());
                    await DeactivateAsync(grain);
                }
            }
        }
        finally
        {
            directory.Remove(this);
            deactivated.TrySetResult();
        }
    }

    private async Task<TGrain?> ActivateAsync()
    {
        TGrain? grain = null;
        try
        {
            grain = directory.CreateGrain(Key);

            // Activation gets the same allowance as deactivation, and is cut short when shutdown gives up.
            using var timeout = new CancellationTokenSource(runtime.Options.DeactivationTimeout, runtime.Time);
            using var link = runtime.AbortToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timeout);
            await grain.OnActivateAsync(timeout.Token);
            GrainLog.Activated(runtime.Logger, directory.GrainTypeName, Key);
            return grain;
        }
        catch (Exception exception)
        {
            GrainLog.ActivationFailed(runtime.Logger, directory.GrainTypeName, Key, exception);
            lock (gate)
            {
                StopAccepting(DeactivationReason.Shutdown);
            }

            var failure = new GrainActivationFailedException(Describe(), exception);
            while (mailbox.Reader.TryRead(out var call))
            {
                runtime.Metrics.MailboxDepthChanged(-1, directory.GrainTypeName);
                call.Reject(failure);
                call.Release();
            }

            if (grain is not null)
            {
                await DisposeGrainAsync(grain);
            }

            return null;
        }
    }

    private async Task RunTurnAsync(TGrain grain, GrainCall<TGrain> call)
    {
        var metrics = runtime.Metrics;
        metrics.MailboxDepthChanged(-1, directory.GrainTypeName);
        try
        {
            if (call.IsCompleted)
            {
                return; // its deadline passed or its caller cancelled while it was queued: drop it.
            }

            if (runtime.AbortToken.IsCancellationRequested)
            {
                call.Reject(new GrainRuntimeStoppingException());
                return;
            }

            if (call.Deadline is { } deadline && deadline <= runtime.Time.GetUtcNow())
            {
                call.RejectDeadlineExceeded();
                return;
            }

            var started = runtime.Time.GetTimestamp();
            metrics.QueueWait(runtime.Time.GetElapsedTime(call.EnqueuedAt, started), directory.GrainTypeName);
            await call.RunAsync(grain, runtime.AbortToken);
            metrics.TurnDuration(runtime.Time.GetElapsedTime(started), directory.GrainTypeName);
        }
        finally
        {
            call.Release();
            Volatile.Write(ref lastActivity, runtime.Time.GetTimestamp());
            Interlocked.Decrement(ref pending);
        }
    }

    private async Task DeactivateAsync(TGrain grain)
    {
        try
        {
            using var timeout = new CancellationTokenSource(runtime.Options.DeactivationTimeout, runtime.Time);
            await grain.OnDeactivateAsync(reason, timeout.Token);
            GrainLog.Deactivated(runtime.Logger, directory.GrainTypeName, Key, reason);
        }
        catch (Exception exception)
        {
            GrainLog.DeactivationFailed(runtime.Logger, directory.GrainTypeName, Key, reason, exception);
        }

        await DisposeGrainAsync(grain);
    }

    private async Task DisposeGrainAsync(TGrain grain)
    {
        try
        {
            if (grain is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (grain is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
        catch (Exception exception)
        {
            GrainLog.DeactivationFailed(runtime.Logger, directory.GrainTypeName, Key, reason, exception);
        }
    }

    private string Describe() => $"{directory.GrainTypeName}/{Key}";
}

/// <summary>What happened to a message offered to a mailbox.</summary>
internal enum EnqueueResult
{
    Enqueued,
    MailboxFull,
    Deactivating,
}
