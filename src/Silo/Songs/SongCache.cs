using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Time;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Songs;

/// <summary>
/// The songs database in memory: one immutable <see cref="SongSet"/> shared by the API and every fetch on this
/// node. It is loaded on first use, and again once the songs revision in the database has moved (an import, a
/// committed discovery or an admin edit, in any process or on any node), after <see cref="Invalidate"/>, and when
/// <see cref="SongCacheOptions.RefreshInterval"/> has passed. Concurrent readers needing a load share one.
/// </summary>
public sealed class SongCache
{
    private readonly SongRepository _songs;
    private readonly TimeProvider _time;
    private readonly SongCacheOptions _options;
    private readonly Lock _gate = new();
    private SongSet? _current;
    private TaskCompletionSource<SongSet>? _loading;
    private int _generation;
    private DateTimeOffset _revisionCheckedAt;
    private long _loads;

    public SongCache(SongRepository songs, [FromKeyedServices(ServiceClock.Key)] TimeProvider time, IOptions<SongCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _songs = songs;
        _time = time;
        _options = options.Value;
    }

    /// <summary>How many times the songs tables were read (for tests and operators).</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>
    /// The set, first comparing the database's songs revision (one single-row read): a fetch resolves its charts
    /// against every change committed before it began, so it never adds a discovered copy of an imported chart.
    /// </summary>
    public async ValueTask<SongSet> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var current = Fresh();
        if (current is null)
        {
            return await JoinLoadAsync(long.MinValue, cancellationToken);
        }

        var checkedAt = _time.GetUtcNow();
        var revision = await _songs.ReadRevisionAsync(cancellationToken);
        if (revision == current.Revision)
        {
            lock (_gate)
            {
                _revisionCheckedAt = checkedAt > _revisionCheckedAt ? checkedAt : _revisionCheckedAt;
            }

            return current;
        }

        return await JoinLoadAsync(revision, cancellationToken);
    }

    /// <summary>The set as cached for API reads, comparing the revision at most every <see cref="SongCacheOptions.RevisionCheckInterval"/>.</summary>
    public ValueTask<SongSet> GetAsync(CancellationToken cancellationToken)
    {
        var current = Fresh();
        bool recent;
        lock (_gate)
        {
            recent = _time.GetUtcNow() - _revisionCheckedAt < _options.RevisionCheckInterval;
        }

        return current is not null && recent ? ValueTask.FromResult(current) : GetCurrentAsync(cancellationToken);
    }

    /// <summary>The songs database changed in this process: the next read loads it again (a load in flight is not kept).</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _generation++;
            _current = null;
            _loading = null;
        }
    }

    private SongSet? Fresh()
    {
        var current = Volatile.Read(ref _current);
        return current is not null && IsFresh(current) ? current : null;
    }

    private bool IsFresh(SongSet set) => _time.GetUtcNow() - set.LoadedAt < _options.RefreshInterval;

    // Joins the load in flight or starts one; a caller that saw a newer revision than a finished load read loads again.
    private async Task<SongSet> JoinLoadAsync(long atLeast, CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource<SongSet>? started = null;
            Task<SongSet> load;
            int generation;
            lock (_gate)
            {
                if (_current is { } current && current.Revision >= atLeast && IsFresh(current))
                {
                    return current;
                }

                generation = _generation;
                if (_loading is null)
                {
                    started = new TaskCompletionSource<SongSet>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _loading = started;
                }

                load = _loading.Task;
            }

            if (started is not null)
            {
                _ = LoadAsync(started, generation);
            }

            var set = await load.WaitAsync(cancellationToken);
            if (set.Revision >= atLeast)
            {
                return set;
            }
        }
    }

    // Runs detached from any one caller's cancellation: the others waiting on it still want the set.
    private async Task LoadAsync(TaskCompletionSource<SongSet> loading, int generation)
    {
        try
        {
            var (library, revision) = await _songs.LoadAsync(_time.GetUtcNow(), CancellationToken.None);
            var set = new SongSet(library, revision);
            Interlocked.Increment(ref _loads);
            lock (_gate)
            {
                // An Invalidate during the load means the rows read may predate the change: serve them, keep none.
                if (generation == _generation)
                {
                    _current = set;
                    _revisionCheckedAt = set.LoadedAt;
                }

                if (_loading == loading)
                {
                    _loading = null;
                }
            }

            loading.TrySetResult(set);
        }
#pragma warning disable CA1031 // Every waiter gets the failure; the next read tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            lock (_gate)
            {
                if (_loading == loading)
                {
                    _loading = null;
                }
            }

            loading.TrySetException(e);
        }
    }
}
