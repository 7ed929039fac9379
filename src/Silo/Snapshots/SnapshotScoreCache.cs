using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Scores;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Snapshots;

/// <summary>
/// A snapshot's full score set and its row (which carries the owner it was read for), read at the user's score-set
/// <paramref name="revision"/> (read before the scores, so a fill in between shows as a newer revision).
/// </summary>
public sealed class CachedScoreSet(Snapshot snapshot, IReadOnlyList<StoredScore> scores, long revision = 0)
{
    public Snapshot Snapshot { get; } = snapshot ?? throw new ArgumentNullException(nameof(snapshot));

    public long SnapshotId => Snapshot.Id;

    public long UserId => Snapshot.UserId;

    public Region Region => Snapshot.Region;

    public IReadOnlyList<StoredScore> Scores { get; } = scores;

    /// <summary>The user's score-set revision when the scores were read (ScoreRepository.ReadRevisionAsync).</summary>
    public long Revision { get; } = revision;

    /// <summary>
    /// A detail page can still change this set: it holds a play count not known yet. The detail phase only ever
    /// fills in a chart's pending (null) figures, so a set without one never changes under it.
    /// </summary>
    public bool MayFill { get; } = scores?.Any(s => s.Score.PlayCount is null) ?? false;

    /// <summary>When it was cached, on the cache's clock (<see cref="TimeProvider.GetTimestamp"/>); set by the cache.</summary>
    internal long CachedAt { get; set; }

    /// <summary>The scores joined with one library and sorted; rebuilt when the library changes. One reference, so reads never tear.</summary>
    internal SortedScores? Listing { get; set; }
}

/// <summary>A score set sorted for listing, with the library it was joined with.</summary>
internal sealed record SortedScores(SongLibrary Library, ListedScore[] Sorted);

/// <summary>
/// Recently read snapshot score sets, least recently used dropped first. A snapshot's scores change only when a
/// fetch's detail phase fills in a pending play count, or when the user deletes it. A fill moves the user's
/// score-set revision in its transaction: a reader on any silo compares a set that <see cref="CachedScoreSet.MayFill"/>
/// with it and drops it when it moved (<see cref="Remove"/>). A deletion drops the user's entries on the silo doing it
/// (<see cref="RemoveUser"/>); other silos stop serving them within <see cref="SnapshotCacheOptions.MaxAge"/>. An entry records its owner and
/// <see cref="TryGet"/> serves it only to that user: the cache is keyed by snapshot id, and ids are guessable.
/// </summary>
public sealed class SnapshotScoreCache(IOptions<SnapshotCacheOptions> options, [FromKeyedServices(Time.ServiceClock.Key)] TimeProvider? time = null)
{
    private readonly int _maxScores = options?.Value.MaxScores ?? throw new ArgumentNullException(nameof(options));
    private readonly TimeSpan _maxAge = options.Value.MaxAge;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<long, LinkedListNode<CachedScoreSet>> _entries = [];
    private readonly LinkedList<CachedScoreSet> _recency = new();
    private readonly Lock _lock = new();
    private int _scoreCount;

    /// <summary>False when <see cref="SnapshotCacheOptions.MaxScores"/> is 0: nothing is ever kept.</summary>
    public bool IsEnabled => _maxScores > 0;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The cached set when it is this user's. <paramref name="foreign"/> is true when the snapshot is cached for
    /// someone else: the caller answers "not found" without reading the database.
    /// </summary>
    public bool TryGet(long snapshotId, long userId, out CachedScoreSet set, out bool foreign)
    {
        lock (_lock)
        {
            foreign = false;
            set = null!;
            if (!_entries.TryGetValue(snapshotId, out var node))
            {
                return false;
            }

            if (_time.GetElapsedTime(node.Value.CachedAt) >= _maxAge)
            {
                Drop(node);
                return false;
            }

            if (node.Value.UserId != userId)
            {
                foreign = true;
                return false;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            set = node.Value;
            return true;
        }
    }

    public void Add(CachedScoreSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (Weight(set) > _maxScores)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.ContainsKey(set.SnapshotId))
            {
                return;
            }

            set.CachedAt = _time.GetTimestamp();
            _entries[set.SnapshotId] = _recency.AddFirst(set);
            _scoreCount += Weight(set);
            while (_scoreCount > _maxScores && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.SnapshotId);
                _scoreCount -= Weight(oldest.Value);
            }
        }
    }

    /// <summary>Drops <paramref name="set"/> if it is still the entry for its snapshot (a newer read may have replaced it).</summary>
    public void Remove(CachedScoreSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        lock (_lock)
        {
            if (_entries.TryGetValue(set.SnapshotId, out var node) && ReferenceEquals(node.Value, set))
            {
                Drop(node);
            }
        }
    }

    /// <summary>
    /// Drops the user's entries after one of their snapshots (or their account) was deleted: the deleted one must
    /// not be served, and the score versions of the next one may have moved to it.
    /// </summary>
    public void RemoveUser(long userId)
    {
        lock (_lock)
        {
            foreach (var node in _entries.Values.Where(n => n.Value.UserId == userId).ToList())
            {
                Drop(node);
            }
        }
    }

    // Under the lock.
    private void Drop(LinkedListNode<CachedScoreSet> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.SnapshotId);
        _scoreCount -= Weight(node.Value);
    }

    // An empty set still costs one, so the entry count stays bounded too.
    private static int Weight(CachedScoreSet set) => set.Scores.Count + 1;
}
