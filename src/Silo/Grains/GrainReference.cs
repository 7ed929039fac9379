using Maimai.Silo.Grains.Internal;

namespace Maimai.Silo.Grains;

/// <summary>
/// The address of one grain. Each call is a message into the grain's mailbox and runs as one turn.
/// </summary>
public readonly record struct GrainReference<TGrain, TKey>
    where TGrain : class, IGrain
    where TKey : notnull, IEquatable<TKey>
{
    private readonly GrainDirectory<TGrain, TKey> directory;

    internal GrainReference(GrainDirectory<TGrain, TKey> directory, TKey key)
    {
        this.directory = directory;
        Key = key;
    }

    public TKey Key { get; }

    /// <summary>
    /// Runs <paramref name="call"/> as one turn of the grain and returns its result.
    /// </summary>
    /// <param name="call">The turn. Its token is cancelled at the deadline, when the caller cancels, or when shutdown gives up waiting.</param>
    /// <param name="deadline">When the caller stops waiting: a call still queued then is dropped, and the caller gets
    /// <see cref="GrainDeadlineExceededException"/>. Null means no deadline.</param>
    /// <param name="cancellationToken">The caller's token: cancelling it drops a queued call and cancels a running turn's token.</param>
    /// <exception cref="GrainActivationLimitException">Too many activations: rejected at once.</exception>
    /// <exception cref="GrainMailboxFullException">The grain's mailbox is full: rejected at once.</exception>
    /// <exception cref="GrainRuntimeStoppingException">The runtime is shutting down.</exception>
    /// <exception cref="GrainActivationFailedException">The grain could not be created or its OnActivateAsync threw.</exception>
    public Task<TResult> InvokeAsync<TResult>(
        Func<TGrain, CancellationToken, Task<TResult>> call,
        DateTimeOffset? deadline = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Directory.InvokeAsync(Key, call, deadline, cancellationToken);
    }

    /// <summary>Runs <paramref name="call"/> as one turn of the grain; see <see cref="InvokeAsync{TResult}"/>.</summary>
    public Task InvokeAsync(
        Func<TGrain, CancellationToken, Task> call,
        DateTimeOffset? deadline = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Directory.InvokeAsync(Key, async (grain, token) =>
        {
            await call(grain, token);
            return true;
        }, deadline, cancellationToken);
    }

    private GrainDirectory<TGrain, TKey> Directory =>
        directory ?? throw new InvalidOperationException("This grain reference is default; get one from IGrainFactory.GetGrain.");
}
