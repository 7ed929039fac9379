using System.Runtime.CompilerServices;
using Maimai.Core.Fetching;

namespace Maimai.Silo.Fetching;

/// <summary>
/// A fetch running on this silo, as its watchers see it: the latest status and a signal for the next one. The
/// pipeline publishes; the grain's WatchFetch reads. A slow watcher skips intermediate progress, never the end, and
/// progress never steps back.
/// </summary>
public sealed class FetchRun
{
    private readonly Lock _gate = new();
    private FetchStatus _latest;
    private bool _closed;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FetchRun(FetchStatus accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        _latest = accepted;
    }

    public long FetchId => _latest.Id;

    /// <summary>The total play count the site showed, once the fetch has committed its snapshot.</summary>
    public int? PlayCountTotal { get; set; }

    public FetchStatus Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    public void Publish(FetchStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        TaskCompletionSource changed;
        lock (_gate)
        {
            var stale = _latest.IsTerminal
                || (!status.IsTerminal && status.State == _latest.State && status.PagesDone < _latest.PagesDone);
            if (status.Id != _latest.Id || stale || status == _latest)
            {
                return;
            }

            _latest = status;
            changed = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>
    /// The run ended on this silo. Normally its terminal status was published first; if recording the end failed
    /// (the database away), watchers stop here without it and read the row instead.
    /// </summary>
    public void Close()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _closed = true;
            changed = _next;
        }

        changed.TrySetResult();
    }

    /// <summary>The status now, then each change, ending with the terminal status (or earlier, at <see cref="Close"/>).</summary>
    public async IAsyncEnumerable<FetchStatus> ChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            FetchStatus current;
            Task next;
            bool closed;
            lock (_gate)
            {
                current = _latest;
                next = _next.Task;
                closed = _closed;
            }

            yield return current;
            if (current.IsTerminal || closed)
            {
                yield break;
            }

            await next.WaitAsync(cancellationToken);
        }
    }
}
