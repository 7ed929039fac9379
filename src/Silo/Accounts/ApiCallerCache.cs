using System.Collections.Concurrent;
using Maimai.Core.Accounts;

namespace Maimai.Silo.Accounts;

/// <summary>
/// Token hash → caller for tokens that authenticated recently, each kept for a fixed time. Only successes are
/// kept: a failed lookup is never stored, so guessing random tokens cannot fill the cache or push real callers
/// out (failures still reach the database, and the API's per-IP rate limit bounds them).
/// </summary>
internal sealed class ApiCallerCache(TimeProvider time, TimeSpan duration, int maxEntries)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Bumped by every removal: a lookup that read the database before a revoke must not store what it read after it.
    private long _generation;

    public bool Enabled => duration > TimeSpan.Zero && maxEntries > 0;

    /// <summary>The generation to hand back to <see cref="Add"/>: read it before asking the database.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string key, out ApiCaller caller)
    {
        caller = null!;
        if (!_entries.TryGetValue(key, out var entry))
        {
            return false;
        }

        if (time.GetUtcNow() >= entry.ExpiresAt)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            return false;
        }

        caller = entry.Caller;
        return true;
    }

    /// <summary>Keeps the caller unless a removal happened since <paramref name="generation"/> was read, or the cache is full.</summary>
    public void Add(string key, ApiCaller caller, long generation)
    {
        if (!Enabled || (_entries.Count >= maxEntries && !MakeRoom()))
        {
            return;
        }

        var entry = new Entry(caller, time.GetUtcNow() + duration);
        _entries[key] = entry;

        // A removal that ran while this lookup was at the database may have missed the entry just stored: drop it.
        // (The removal bumps the generation before it scans, so one of the two always sees the other.)
        if (Generation != generation)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
    }

    /// <summary>Drops the user's token (revoked on this node).</summary>
    public void RemoveToken(long userId, long tokenId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (key, entry) in _entries)
        {
            if (entry.Caller.TokenId == tokenId && entry.Caller.UserId == userId)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    // Full: drop what has expired; if everything is still live, the newcomer is simply not kept.
    private bool MakeRoom()
    {
        var now = time.GetUtcNow();
        foreach (var pair in _entries)
        {
            if (now >= pair.Value.ExpiresAt)
            {
                _entries.TryRemove(pair);
            }
        }

        return _entries.Count < maxEntries;
    }

    private sealed record Entry(ApiCaller Caller, DateTimeOffset ExpiresAt);
}
