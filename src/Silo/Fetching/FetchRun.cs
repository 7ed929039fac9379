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
    private int _handOver; // HandOver: None, Asked, Yielded

    public FetchRun(FetchStatus accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        _latest = accepted;
    }

    public long FetchId => _latest.Id;

    /// <summary>The row is in its detail phase already (its silo was lost or shut down): only the queued pages are read.</summary>
    public bool ResumesDetail { get; init; }

    /// <summary>The run stopped at a page boundary because a newer fetch asked for the queue (<see cref="AskHandOver"/>).</summary>
    public bool HandedOver => Volatile.Read(ref _handOver) == HandOver.Yielded;

    /// <summary>A newer fetch wants the detail queue: the run stops after the page in flight is stored.</summary>
    public void AskHandOver() => Interlocked.CompareExchange(ref _handOver, HandOver.Asked, HandOver.None);

    /// <summary>The newer fetch gave up waiting: true when the run had not stopped yet and now carries on.</summary>
    public bool WithdrawHandOver() => Interlocked.CompareExchange(ref _handOver, HandOver.None, HandOver.Asked) == HandOver.Asked;

    /// <summary>At a page boundary: true (and the run is then handed over) when a newer fetch asked for the queue.</summary>
    public bool YieldIfAsked() => Interlocked.CompareExchange(ref _handOver, HandOver.Yielded, HandOver.Asked) == HandOver.Asked;

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

/// <summary>Where a run's hand-over to a newer fetch stands (<see cref="FetchRun.AskHandOver"/>).</summary>
internal static class HandOver
{
    public const int None = 0;
    public const int Asked = 1;
    public const int Yielded = 2;
}
