namespace Maimai.Silo.Fetching;

/// <summary>How fetches are paced and supervised (configuration section "Fetching").</summary>
public sealed class FetchOptions
{
    public const string SectionName = "Fetching";

    /// <summary>The least time between two fetch starts of one user and region. Defaults to 1 minute.</summary>
    public TimeSpan RateLimit { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a running fetch renews its row's heartbeat when no progress does. Defaults to 5 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A fetch whose heartbeat is older than this is taken for lost with its silo and failed as NODE_LOST, even if
    /// the cluster still lists the silo (a silo the cluster declares dead loses its fetches at once). Must be
    /// several heartbeats long. Defaults to 30 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each silo looks for fetches whose silo is gone (also once at start-up). Defaults to 10 seconds.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A watcher whose fetch does not run on the grain's silo (it is being settled, or the silo just died) re-reads
    /// its row this often. Defaults to 5 seconds.
    /// </summary>
    public TimeSpan WatchPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a fetch keeps retrying to record its failure while the database is unreachable. Past it, the
    /// lost-fetch sweep settles the fetch once its lease runs out. Defaults to 2 minutes.
    /// </summary>
    public TimeSpan FailureWriteTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The most fetches this silo runs in their snapshot phase at once (reading and committing the snapshot); later
    /// ones wait, pending, for a slot (their lease renewed while they wait). Each holds up to two pooled database
    /// connections at a time, and its pages' text (a real-sized score list is 1.4 MB) until they are parsed.
    /// Unbounded, 500 fetches at once exhausted the pool, heartbeats failed, and the silo's own sweeper failed its
    /// fetches as lost (bench/results/api.md); at 32 a silo, the system bench's 100 first fetches a minute saturated
    /// two cores (reads' p95 0.4 to 1.5 s, silo RSS 1.3 GiB: bench/results/system.md). Defaults to 4.
    /// </summary>
    public int MaxConcurrentFetches { get; set; } = 4;

    /// <summary>
    /// The most fetches this silo runs in their detail phase at once (a page a politeness gap each); a fetch whose
    /// snapshot is stored waits, running, for one (see <see cref="FetchSlot"/>). Defaults to 32.
    /// </summary>
    public int MaxConcurrentDetails { get; set; } = 32;
}
