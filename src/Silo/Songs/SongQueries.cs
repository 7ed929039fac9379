using Maimai.Core.Songs;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Songs;

/// <summary>
/// The songs library in memory: loaded on first use, reloaded after <see cref="Invalidate"/> and every
/// <see cref="SongQueryOptions.RefreshInterval"/>. Readers share one immutable library; one load runs at a
/// time and concurrent readers of a dropped library wait for it.
/// </summary>
public sealed class SongQueries : ISongQueries, IDisposable
{
    private readonly SongLibraryLoader _loader;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ITimer _timer;
    private volatile SongLibrary? _library;
    private int _generation;

    public SongQueries(SongLibraryLoader loader, TimeProvider time, IOptions<SongQueryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _loader = loader;
        _time = time;
        var interval = options.Value.RefreshInterval;
        _timer = time.CreateTimer(_ => Invalidate(), null, interval, interval);
    }

    public async ValueTask<SongLibrary> GetLibraryAsync(CancellationToken cancellationToken)
    {
        var library = _library;
        return library is not null ? library : await LoadAsync(cancellationToken);
    }

    /// <summary>Drops the library: the next read loads the songs database again.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _library = null;
    }

    public void Dispose()
    {
        _timer.Dispose();
        _loading.Dispose();
    }

    private async Task<SongLibrary> LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_library is { } loaded)
            {
                return loaded;
            }

            // An Invalidate during the load means the rows read may be stale: serve them to this caller, keep none.
            var generation = Volatile.Read(ref _generation);
            var library = await _loader.LoadAsync(_time.GetUtcNow(), cancellationToken);
            if (generation == Volatile.Read(ref _generation))
            {
                _library = library;
            }

            return library;
        }
        finally
        {
            _loading.Release();
        }
    }
}
