using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Grains.Internal;

/// <summary>What the runtime needs from every directory, whatever its grain and key types.</summary>
internal interface IGrainDirectory
{
    IEnumerable<GrainActivation> Activations { get; }
}

/// <summary>The activations of one grain type, by key: at most one per key, created on the first call.</summary>
internal sealed class GrainDirectory<TGrain, TKey> : IGrainDirectory
    where TGrain : class, IGrain
    where TKey : notnull, IEquatable<TKey>
{
    private readonly ConcurrentDictionary<TKey, GrainActivation<TGrain, TKey>> activations = new();
    private readonly Func<IServiceProvider, TKey, TGrain> factory;

    public GrainDirectory(GrainRuntime runtime, Func<IServiceProvider, TKey, TGrain> factory)
    {
        Runtime = runtime;
        this.factory = factory;
    }

    public GrainRuntime Runtime { get; }

    public string GrainTypeName { get; } = typeof(TGrain).Name;

    public IEnumerable<GrainActivation> Activations => activations.Values;

    public TGrain CreateGrain(TKey key) => factory(Runtime.Services, key);

    public void Remove(GrainActivation<TGrain, TKey> activation)
    {
        if (activations.TryRemove(KeyValuePair.Create(activation.Key, activation)))
        {
            Runtime.ReleaseActivation(GrainTypeName);
        }
    }

    public Task<TResult> InvokeAsync<TResult>(
        TKey key,
        Func<TGrain, CancellationToken, Task<TResult>> call,
        DateTimeOffset? deadline,
        CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        if (Runtime.IsStopping)
        {
            return Reject<TResult>(new GrainRuntimeStoppingException(), "stopping");
        }

        if (deadline is { } due && due <= Runtime.Time.GetUtcNow())
        {
            return Reject<TResult>(new GrainDeadlineExceededException(due), "deadline");
        }

        var message = new GrainCall<TGrain, TResult>(call, deadline, Runtime.Time, cancellationToken);
        try
        {
            var activation = GetOrActivate(key);
            switch (activation.TryEnqueue(message))
            {
                case EnqueueResult.Enqueued:
                    return message.Task;
                case EnqueueResult.MailboxFull:
                    message.Release();
                    return Reject<TResult>(new GrainMailboxFullException($"{GrainTypeName}/{key}", Runtime.Options.MaxMailboxDepth), "mailbox_full");
                default:
                    return InvokeAfterDeactivationAsync(key, message, activation);
            }
        }
        catch (GrainActivationLimitException exception)
        {
            message.Release();
            return Reject<TResult>(exception, "activation_limit");
        }
    }

    /// <summary>The activation found is deactivating: wait until it is gone, so that two instances of one key never overlap.</summary>
    private async Task<TResult> InvokeAfterDeactivationAsync<TResult>(TKey key, GrainCall<TGrain, TResult> message, GrainActivation<TGrain, TKey> activation)
    {
        try
        {
            while (true)
            {
                await activation.Deactivated.WaitAsync(message.Token);
                if (Runtime.IsStopping)
                {
                    throw Rejected(new GrainRuntimeStoppingException(), "stopping");
                }

                activation = GetOrActivate(key);
                var result = activation.TryEnqueue(message);
                if (result == EnqueueResult.Enqueued)
                {
                    break; // from here on the consumer owns the message and releases it.
                }

                if (result == EnqueueResult.MailboxFull)
                {
                    throw Rejected(new GrainMailboxFullException($"{GrainTypeName}/{key}", Runtime.Options.MaxMailboxDepth), "mailbox_full");
                }
            }
        }
        catch (OperationCanceledException) when (message.IsCompleted)
        {
            message.Release(); // the deadline or the caller's cancellation, as the message decided it, is awaited below.
        }
        catch (GrainActivationLimitException exception)
        {
            message.Release();
            throw Rejected(exception, "activation_limit");
        }
        catch (GrainRuntimeException)
        {
            message.Release();
            throw;
        }

        return await message.Task;
    }

    private GrainActivation<TGrain, TKey> GetOrActivate(TKey key)
    {
        if (activations.TryGetValue(key, out var existing))
        {
            return existing;
        }

        Runtime.ReserveActivation(); // throws GrainActivationLimitException when full
        var created = new GrainActivation<TGrain, TKey>(this, key);
        var winner = activations.GetOrAdd(key, created);
        if (!ReferenceEquals(winner, created))
        {
            Runtime.ReleaseReservation();
            return winner;
        }

        Runtime.ActivationAdded(GrainTypeName);
        created.Start();
        if (Runtime.IsStopping)
        {
            created.BeginShutdown(); // shutdown's sweep may have missed it
        }

        return created;
    }

    private Task<TResult> Reject<TResult>(GrainRuntimeException exception, string reason) =>
        Task.FromException<TResult>(Rejected(exception, reason));

    private GrainRuntimeException Rejected(GrainRuntimeException exception, string reason)
    {
        Runtime.Metrics.Rejected(reason, GrainTypeName);
        GrainLog.CallRejected(Runtime.Logger, GrainTypeName, reason, exception.Message);
        return exception;
    }
}

/// <summary>Builds grain instances: a registered factory, or ActivatorUtilities with the key passed to a constructor parameter of its type.</summary>
internal static class GrainFactories
{
    public static Func<IServiceProvider, TKey, TGrain> Create<TGrain, TKey>(Delegate? registered)
        where TGrain : class, IGrain
        where TKey : notnull
    {
        if (registered is Func<IServiceProvider, TKey, TGrain> custom)
        {
            return custom;
        }

        if (registered is not null)
        {
            throw new InvalidOperationException(
                $"Grain {typeof(TGrain).Name} was registered with a factory for another key type, not {typeof(TKey).Name}.");
        }

        var takesKey = typeof(TGrain).GetConstructors()
            .Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(TKey)));
        if (takesKey)
        {
            var withKey = ActivatorUtilities.CreateFactory<TGrain>([typeof(TKey)]);
            return (services, key) => withKey(services, [key]);
        }

        var withoutKey = ActivatorUtilities.CreateFactory<TGrain>([]);
        return (services, _) => withoutKey(services, null);
    }
}
