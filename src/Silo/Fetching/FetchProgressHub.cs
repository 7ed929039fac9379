using System.Collections.Concurrent;
using System.Threading.Channels;
using Maimai.Core.Fetching;

namespace Maimai.Silo.Fetching;

/// <summary>
/// In-process fan-out of fetch changes to this node's watchers. Each subscription holds only the latest
/// status (a slow watcher skips intermediate progress, never the end). Fetches on other nodes reach it through
/// <see cref="PostgresFetchListener"/>.
/// </summary>
public sealed class FetchProgressHub
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<FetchSubscription, byte>> _byFetch = new();

    /// <summary>Fetch ids that have at least one watcher on this node.</summary>
    public IReadOnlyCollection<long> WatchedFetchIds => [.. _byFetch.Where(p => !p.Value.IsEmpty).Select(p => p.Key)];

    public bool IsWatched(long fetchId) => _byFetch.TryGetValue(fetchId, out var subs) && !subs.IsEmpty;

    /// <summary>Subscribes before the caller reads the current state, so no change in between is missed.</summary>
    public FetchSubscription Subscribe(long fetchId)
    {
        var subscription = new FetchSubscription(this, fetchId);
        while (true)
        {
            var subs = _byFetch.GetOrAdd(fetchId, _ => new ConcurrentDictionary<FetchSubscription, byte>());
            subs.TryAdd(subscription, 0);

            // The set may have been dropped as empty in between: then join the new one.
            if (_byFetch.TryGetValue(fetchId, out var current) && ReferenceEquals(current, subs))
            {
                return subscription;
            }
        }
    }

    public void Publish(FetchStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (_byFetch.TryGetValue(status.Id, out var subs))
        {
            foreach (var subscription in subs.Keys)
            {
                subscription.Offer(status);
            }
        }
    }

    internal void Remove(FetchSubscription subscription)
    {
        if (_byFetch.TryGetValue(subscription.FetchId, out var subs))
        {
            subs.TryRemove(subscription, out _);
            if (subs.IsEmpty)
            {
                _byFetch.TryRemove(new KeyValuePair<long, ConcurrentDictionary<FetchSubscription, byte>>(subscription.FetchId, subs));
            }
        }
    }
}

/// <summary>One watcher's mailbox: capacity one, newest wins, and a terminal status is never overwritten.</summary>
public sealed class FetchSubscription : IDisposable
{
    private readonly FetchProgressHub _hub;
    private readonly Channel<FetchStatus> _latest = Channel.CreateBounded<FetchStatus>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Lock _gate = new();
    private bool _ended;

    internal FetchSubscription(FetchProgressHub hub, long fetchId)
    {
        _hub = hub;
        FetchId = fetchId;
    }

    public long FetchId { get; }

    public ChannelReader<FetchStatus> Reader => _latest.Reader;

    internal void Offer(FetchStatus status)
    {
        lock (_gate)
        {
            // A late, stale re-read must not replace the end a watcher is waiting for.
            if (_ended)
            {
                return;
            }

            _ended = status.IsTerminal;
            _latest.Writer.TryWrite(status);
        }
    }

    public void Dispose()
    {
        _hub.Remove(this);
        _latest.Writer.TryComplete();
    }
}
