using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Grains.Internal;

/// <summary>
/// The in-process grain runtime: directories per grain type, the activation cap, idle collection and the drain on
/// shutdown. Orleans semantics on our own code (Orleans does not restore here); see ARCHITECTURE.md, "Grains".
/// </summary>
internal sealed class GrainRuntime : IGrainFactory, IDisposable
{
    private readonly ConcurrentDictionary<(Type Grain, Type Key), IGrainDirectory> directories = new();
    private readonly Dictionary<Type, GrainRegistration> registrations;
    private readonly CancellationTokenSource abort = new();
    private readonly Lock stopGate = new();
    private Task? stopping;
    private int isStopping;
    private int activationCount;

    public GrainRuntime(
        IServiceProvider services,
        IEnumerable<GrainRegistration> registrations,
        IOptions<GrainRuntimeOptions> options,
        TimeProvider time,
        GrainMetrics metrics,
        ILogger<GrainRuntime> logger)
    {
        Services = services;
        this.registrations = registrations.GroupBy(r => r.GrainType).ToDictionary(g => g.Key, g => g.Last());
        Options = options.Value;
        Time = time;
        Metrics = metrics;
        Logger = logger;
    }

    public IServiceProvider Services { get; }

    public GrainRuntimeOptions Options { get; }

    public TimeProvider Time { get; }

    public GrainMetrics Metrics { get; }

    public ILogger Logger { get; }

    /// <summary>Cancelled when shutdown stops waiting for turns: running turns see it, queued ones are rejected.</summary>
    public CancellationToken AbortToken => abort.Token;

    public bool IsStopping => Volatile.Read(ref isStopping) != 0;

    public int ActivationCount => Volatile.Read(ref activationCount);

    public GrainReference<TGrain, TKey> GetGrain<TGrain, TKey>(TKey key)
        where TGrain : class, IGrain
        where TKey : notnull, IEquatable<TKey>
    {
        ArgumentNullException.ThrowIfNull(key);
        var directory = directories.TryGetValue((typeof(TGrain), typeof(TKey)), out var found)
            ? found
            : directories.GetOrAdd((typeof(TGrain), typeof(TKey)), static (_, runtime) => runtime.CreateDirectory<TGrain, TKey>(), this);
        return new GrainReference<TGrain, TKey>((GrainDirectory<TGrain, TKey>)directory, key);
    }

    public void ReserveActivation()
    {
        if (Interlocked.Increment(ref activationCount) > Options.MaxActivations)
        {
            Interlocked.Decrement(ref activationCount);
            throw new GrainActivationLimitException(Options.MaxActivations);
        }
    }

    public void ReleaseReservation() => Interlocked.Decrement(ref activationCount);

    public void ActivationAdded(string grainType) => Metrics.ActivationsChanged(1, grainType);

    public void ReleaseActivation(string grainType)
    {
        Interlocked.Decrement(ref activationCount);
        Metrics.ActivationsChanged(-1, grainType);
    }

    /// <summary>Starts deactivating every activation idle for at least CollectionAge; returns how many.</summary>
    public int CollectIdle()
    {
        var now = Time.GetTimestamp();
        var collected = 0;
        foreach (var activation in directories.Values.SelectMany(d => d.Activations))
        {
            if (activation.TryBeginCollection(now, Options.CollectionAge))
            {
                collected++;
            }
        }

        if (collected > 0)
        {
            GrainLog.Collected(Logger, collected, ActivationCount);
        }

        return collected;
    }

    public async Task RunCollectorAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Options.CollectionScanInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                CollectIdle();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the host is stopping
        }
    }

    /// <summary>Stops taking calls, lets queued and running turns finish for up to DrainTimeout, then cancels the
    /// rest and deactivates everything. Idempotent: later calls wait for the first.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (stopGate)
        {
            // A full fence before the sweep: a creator adds its activation, then reads the flag; we set the flag, then
            // read the directories. One of the two sees the other, so no new activation escapes the drain.
            Interlocked.Exchange(ref isStopping, 1);
            return stopping ??= DrainAsync(cancellationToken);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var activations = directories.Values.SelectMany(d => d.Activations).ToList();
        GrainLog.DrainStarted(Logger, activations.Count);
        foreach (var activation in activations)
        {
            activation.BeginShutdown();
        }

        var all = Task.WhenAll(activations.Select(a => a.Deactivated));
        try
        {
            await all.WaitAsync(Options.DrainTimeout, Time, cancellationToken);
            GrainLog.DrainCompleted(Logger);
            return;
        }
        catch (TimeoutException)
        {
            GrainLog.DrainTimedOut(Logger, Options.DrainTimeout, ActivationCount);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            GrainLog.DrainTimedOut(Logger, Options.DrainTimeout, ActivationCount);
        }

        await abort.CancelAsync();
        try
        {
            // Cancelled turns end, queued ones are rejected, and each grain gets its own DeactivationTimeout.
            await all.WaitAsync(Options.DeactivationTimeout + Options.DeactivationTimeout, Time, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            GrainLog.DrainAbandoned(Logger, ActivationCount);
        }
    }

    private GrainDirectory<TGrain, TKey> CreateDirectory<TGrain, TKey>()
        where TGrain : class, IGrain
        where TKey : notnull, IEquatable<TKey>
    {
        if (!registrations.TryGetValue(typeof(TGrain), out var registration))
        {
            throw new InvalidOperationException(
                $"Grain type {typeof(TGrain).Name} is not registered; call services.AddGrains().AddGrain<{typeof(TGrain).Name}>().");
        }

        return new GrainDirectory<TGrain, TKey>(this, GrainFactories.Create<TGrain, TKey>(registration.Factory));
    }

    /// <summary>Disposed without a drain (the host never stopped it): refuse calls, cancel turns and let every consumer
    /// end. The abort source is cancelled but not disposed, because ending turns may still read its token.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref isStopping, 1);
        abort.Cancel();
        foreach (var activation in directories.Values.SelectMany(d => d.Activations))
        {
            activation.BeginShutdown();
        }
    }
}
