namespace Maimai.Silo.Snapshots;

/// <summary>Bounds the cache of snapshot score sets.</summary>
public sealed class SnapshotCacheOptions
{
    /// <summary>
    /// The most scores kept over all cached snapshots; the least recently read snapshots are dropped first.
    /// Defaults to 250,000 (about 50 full score sets). 0 turns the cache off.
    /// </summary>
    public int MaxScores { get; set; } = 250_000;

    /// <summary>
    /// How long an entry is served before it is read again: a snapshot deleted through another silo (or thinned by
    /// retention) stops being served here within this. Defaults to 5 minutes.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);
}
