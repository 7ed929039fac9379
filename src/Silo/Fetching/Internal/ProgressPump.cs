using System.Data.Common;
using System.Threading.Channels;
using Maimai.Core.Fetching;
using Maimai.Scraping.Contract;
using Maimai.Silo.Storage.Fetches;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Fetching.Internal;

/// <summary>
/// Carries a running fetch's progress to its row and to its <see cref="FetchRun"/> (the watchers), and renews the heartbeat (the lease) when no
/// progress does. The scraper reports synchronously; one loop writes the latest report, so a burst of pages
/// costs one write. When the row says the fetch is no longer running (another silo failed it as lost), the
/// pump cancels the scrape: the fetch is not ours any more. So it does when the row names another node (a silo
/// that resumed the detail phase after this one's lease ran out).
/// </summary>
internal sealed class ProgressPump : IProgress<ScrapeProgress>, IAsyncDisposable
{
    private readonly Channel<FetchStatus> _reports = Channel.CreateBounded<FetchStatus>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _leaseLost = new();
    private readonly FetchRepository _fetches;
    private readonly FetchRun _run;
    private readonly TimeProvider _time;
    private readonly TimeSpan _heartbeat;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private readonly FetchStatus _base;
    private readonly string _nodeId;
    private readonly DateTimeOffset _phaseStart;
    private FetchStatus _status;
    private FetchStatus _last;

    public ProgressPump(FetchStatus running, FetchRepository fetches, FetchRun run, TimeProvider time, TimeSpan heartbeat, ILogger logger, string nodeId)
    {
        _nodeId = nodeId;
        (_status, _base, _last) = (running, running, running);
        _phaseStart = time.GetUtcNow();
        _fetches = fetches;
        _run = run;
        _time = time;
        _heartbeat = heartbeat;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Cancelled when the row shows the fetch was taken from this node.</summary>
    public CancellationToken LeaseLost => _leaseLost.Token;

    public void Report(ScrapeProgress value) => Report(value.Stage, value.PagesDone, value.PagesTotal);

    /// <summary>Snapshot-phase progress: pages of the whole fetch, and when the snapshot should be stored at this pace.</summary>
    public void Report(FetchStage stage, int done, int total) =>
        Write(_base with
        {
            Stage = stage, PagesDone = done, PagesTotal = total,
            SnapshotExpectedAt = PhaseEstimate.End(_phaseStart, _time.GetUtcNow(), done, total, null),
        });

    /// <summary>
    /// Detail-phase progress: <paramref name="done"/> of <paramref name="total"/> detail pages, counted on top of the
    /// pages already done (the snapshot's, and a resumed phase's earlier detail pages); <paramref name="perPage"/> is
    /// the snapshot's pace, the estimate until the first detail page.
    /// </summary>
    public void ReportDetail(FetchStage stage, int done, int total, TimeSpan? perPage) =>
        Write(_base with
        {
            Stage = stage, PagesDone = _base.PagesDone + done, PagesTotal = _base.PagesDone + total,
            DetailDone = _base.DetailDone + done, DetailTotal = _base.DetailDone + total,
            SnapshotExpectedAt = null, DetailExpectedAt = PhaseEstimate.End(_phaseStart, _time.GetUtcNow(), done, total, perPage),
        });

    /// <summary>A new stage at the pages last reported (the scraper's count stands while saving).</summary>
    public void Report(FetchStage stage) => Write(_last with { Stage = stage });

    private void Write(FetchStatus next)
    {
        _last = next;
        _reports.Writer.TryWrite(next);
    }

    /// <summary>Writes what is pending and stops; the last status written.</summary>
    public async Task<FetchStatus> StopAsync()
    {
        _reports.Writer.TryComplete();
        await _loop;
        return _status;
    }

    public async ValueTask DisposeAsync()
    {
        _reports.Writer.TryComplete();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _leaseLost.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _reports.Reader;
        while (!_stop.IsCancellationRequested)
        {
            bool more;
            using (var due = new CancellationTokenSource(_heartbeat, _time))
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, due.Token))
            {
                try
                {
                    more = await reader.WaitToReadAsync(tick.Token);
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    more = true; // the heartbeat is due: renew the lease with the same progress
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var next = reader.TryRead(out var report) ? report : _status;
            if (!more && next == _status)
            {
                return;
            }

            if (!await WriteAsync(next))
            {
                await _leaseLost.CancelAsync();
                return;
            }
        }
    }

    private async Task<bool> WriteAsync(FetchStatus next)
    {
        try
        {
            var now = _time.GetUtcNow();
            if (!await _fetches.ReportProgressAsync(next, now, _nodeId, CancellationToken.None))
            {
                return false;
            }

            _status = next;
            _run.Publish(next);
        }
        catch (DbException e)
        {
            // A database blip: the scrape goes on, the next write renews the lease; a long outage ends at the commit.
            FetchLog.ProgressWriteFailed(_logger, next.Id, e.Message);
        }

        return true;
    }
}
