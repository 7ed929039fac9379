namespace Maimai.Silo.Grains;

/// <summary>Limits and timings of the grain runtime (configuration section "Grains").</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>How long an activation may stay idle before it is collected. Defaults to 15 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for. Defaults to 1 minute.</summary>
    public TimeSpan CollectionScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most activations alive at once; further first calls get <see cref="GrainActivationLimitException"/>.
    /// Defaults to 100,000.</summary>
    public int MaxActivations { get; set; } = 100_000;

    /// <summary>The most messages queued in one activation's mailbox (the running turn not counted); further calls get
    /// <see cref="GrainMailboxFullException"/>. Defaults to 1,000.</summary>
    public int MaxMailboxDepth { get; set; } = 1_000;

    /// <summary>On shutdown, how long queued and running turns may take to finish before the runtime cancels them.
    /// Defaults to 30 seconds.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long OnActivateAsync or OnDeactivateAsync may take before its token is cancelled. Defaults to 10 seconds.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
