namespace Maimai.Silo.Snapshots;

/// <summary>Bounds the cache of snapshot score sets.</summary>
public sealed class SnapshotCacheOptions
{
    /// <summary>
    /// The most scores kept over all cached snapshots; the least recently read snapshots are dropped first.
    /// Defaults to 250,000 (about 50 full score sets). 0 turns the cache off.
    /// </summary>
    public int MaxScores { get; set; } = 250_000;
}
