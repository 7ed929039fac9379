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
/// pump cancels the scrape: the fetch is not ours any more.
/// </summary>
internal sealed class ProgressPump : IProgress<ScrapeProgress>, IAsyncDisposable
{
    private readonly Channel<(FetchStage Stage, int Done, int Total)> _reports = Channel.CreateBounded<(FetchStage, int, int)>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _leaseLost = new();
    private readonly FetchRepository _fetches;
    private readonly FetchRun _run;
    private readonly TimeProvider _time;
    private readonly TimeSpan _heartbeat;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private FetchStatus _status;
    private int _lastDone;
    private int _lastTotal;

    public ProgressPump(FetchStatus running, FetchRepository fetches, FetchRun run, TimeProvider time, TimeSpan heartbeat, ILogger logger)
    {
        _status = running;
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

    public void Report(FetchStage stage, int done, int total)
    {
        (_lastDone, _lastTotal) = (done, total);
        _reports.Writer.TryWrite((stage, done, total));
    }

    /// <summary>A new stage at the pages last reported (the scraper's count stands while saving).</summary>
    public void Report(FetchStage stage) => Report(stage, _lastDone, _lastTotal);

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

            var next = reader.TryRead(out var report)
                ? _status with { Stage = report.Stage, PagesDone = report.Done, PagesTotal = report.Total }
                : _status;
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
            if (!await _fetches.ReportProgressAsync(next.Id, next.Stage ?? FetchStage.Login, next.PagesDone, next.PagesTotal, now, CancellationToken.None))
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
