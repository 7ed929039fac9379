namespace Maimai.Silo.Grains;

/// <summary>
/// A grain: one instance per key, activated on its first call and called one turn at a time.
/// </summary>
/// <remarks>
/// Turns never interleave, even across awaits inside a turn: the next message waits until the current turn's task
/// completes. Reentrancy is not supported, so a grain must never call itself (or a grain that calls it back) and
/// await the answer inside a turn: that call waits behind the turn that awaits it, until its deadline.
/// A grain is constructed by the runtime through dependency injection; a constructor parameter of the key's type
/// receives the key. When the grain implements <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/> the
/// runtime disposes it after <see cref="OnDeactivateAsync"/>.
/// </remarks>
public interface IGrain
{
    /// <summary>Runs before the first turn. If it throws, the queued callers get a <see cref="GrainActivationFailedException"/>
    /// and the next call tries a fresh activation.</summary>
    Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after the last turn, when the activation is collected as idle or the runtime shuts down.
    /// The token is cancelled after <see cref="GrainRuntimeOptions.DeactivationTimeout"/>.</summary>
    Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
