using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Plugins.Internal;

/// <summary>
/// Calls for a look at the plugins folder when its files change: a file-system watcher over the whole tree,
/// debounced (a copy writes many files), plus an optional periodic look for file systems that report nothing
/// (network shares, some container mounts) and for a plugins folder that does not exist yet. The look returns
/// true while a folder is still changing; it is then repeated after the delay.
/// </summary>
internal sealed class PluginFolderWatcher : IDisposable
{
    private readonly string _path;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _pollInterval;
    private readonly Func<bool> _look;
    private readonly ILogger _logger;
    private readonly Lock _gate = new(); // the timer and the flags
    private readonly Lock _looking = new(); // one look at a time; the watcher is created and disposed under it
    private readonly ITimer _timer;
    private FileSystemWatcher? _watcher;
    private bool _watchFailed;
    private bool _changed;
    private volatile bool _disposed;

    public PluginFolderWatcher(string path, TimeSpan delay, TimeSpan pollInterval, Func<bool> look, ILogger logger)
    {
        _path = path;
        _delay = delay;
        _pollInterval = pollInterval;
        _look = look;
        _logger = logger;

        // File events happen in real time, whatever clock the host injects for the game (tests use a fixed one).
        _timer = TimeProvider.System.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_looking)
        {
            StartWatching();
        }

        lock (_gate)
        {
            _timer.Change(Idle, Timeout.InfiniteTimeSpan);
        }
    }

    private TimeSpan Idle => _pollInterval > TimeSpan.Zero ? _pollInterval : Timeout.InfiniteTimeSpan;

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }

        lock (_looking)
        {
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    private void StartWatching()
    {
        if (_watcher is not null || _watchFailed || !Directory.Exists(_path))
        {
            return; // a missing plugins folder is found by the periodic look, then watched
        }

        try
        {
            var watcher = new FileSystemWatcher(_path)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, _) => OnChange();
            watcher.Created += (_, _) => OnChange();
            watcher.Deleted += (_, _) => OnChange();
            watcher.Renamed += (_, _) => OnChange();
            watcher.Error += (_, _) => OnChange(); // events were lost: look at everything
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or ArgumentException)
        {
            // Linux caps inotify instances per user; some file systems cannot be watched at all.
            _watchFailed = true;
            if (_pollInterval > TimeSpan.Zero)
            {
                PluginLog.WatchPolling(_logger, _path, e.Message, _pollInterval);
            }
            else
            {
                PluginLog.WatchOff(_logger, _path, e.Message);
            }
        }
    }

    private void OnChange()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _changed = true;
                _timer.Change(_delay, Timeout.InfiniteTimeSpan); // each change restarts the wait: look once the copy is quiet
            }
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            _changed = false;
        }

        var again = false;
        lock (_looking)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                StartWatching(); // before looking, so nothing written after the look goes unseen
                again = _look();
            }
#pragma warning disable CA1031 // Runs on a timer: an unexpected failure is logged and the next change looks again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                PluginLog.ScanFailed(_logger, _path, e);
            }
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                _timer.Change(again || _changed ? _delay : Idle, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
