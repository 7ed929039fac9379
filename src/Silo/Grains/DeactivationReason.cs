namespace Maimai.Silo.Grains;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>It stayed idle for <see cref="GrainRuntimeOptions.CollectionAge"/>.</summary>
    IdleCollected,

    /// <summary>The runtime is shutting down.</summary>
    Shutdown,
}
