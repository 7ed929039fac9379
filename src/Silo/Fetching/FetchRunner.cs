using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Maimai.Core.Fetching;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Time;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Fetching;

/// <summary>
/// Runs accepted fetches on this silo, outside the grain turn that accepted them (a fetch takes minutes; the grain
/// must keep answering), at most <see cref="FetchOptions.MaxConcurrentFetches"/> in their snapshot phase at once:
/// the rest wait, pending, in arrival order, and their rows' leases are renewed every heartbeat. Detail phases have
/// slots of their own (<see cref="FetchSlot"/>). On shutdown it cancels them all and waits until each has recorded
/// how it ended.
/// </summary>
internal sealed class FetchRunner : IHostedService, IDisposable
{
    private readonly FetchPipeline _pipeline;
    private readonly FetchRepository _fetches;
    private readonly FetchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FetchRunner> _logger;
    private readonly FetchMetrics _metrics;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, (FetchRun Run, Task Task)> _running = new();
    private readonly ConcurrentDictionary<long, byte> _queued = new();
    private readonly SemaphoreSlim _snapshotSlots;
    private readonly SemaphoreSlim _detailSlots;
    private Task _heartbeats = Task.CompletedTask;

    public FetchRunner(FetchPipeline pipeline, FetchRepository fetches, IOptions<FetchOptions> options,
        [FromKeyedServices(ServiceClock.Key)] TimeProvider time, ILogger<FetchRunner> logger, FetchMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        (_pipeline, _fetches, _options, _time, _logger, _metrics) = (pipeline, fetches, options.Value, time, logger, metrics);
        _snapshotSlots = new(_options.MaxConcurrentFetches, _options.MaxConcurrentFetches);
        _detailSlots = new(_options.MaxConcurrentDetails, _options.MaxConcurrentDetails);
        metrics.Meter.CreateObservableGauge("maimai.fetches.running", () => _running.Count - _queued.Count, "{fetch}", "Fetches running on this silo.");
        metrics.Meter.CreateObservableGauge("maimai.fetches.queued", () => _queued.Count, "{fetch}", "Fetches waiting on this silo for a slot.");
    }

    /// <summary>Fetches accepted on this silo and not yet ended (running or queued).</summary>
    public int Count => _running.Count;

    /// <summary>Fetches waiting for a slot.</summary>
    public int Queued => _queued.Count;

    /// <summary>The fetch if it runs (or waits) on this silo.</summary>
    public FetchRun? Find(long fetchId) => _running.TryGetValue(fetchId, out var entry) ? entry.Run : null;

    /// <summary>Ends when the fetch has ended on this silo (at once when it does not run here).</summary>
    public Task WhenEnded(long fetchId) => _running.TryGetValue(fetchId, out var entry) ? entry.Task : Task.CompletedTask;

    /// <summary>Queues the accepted fetch; its progress goes to <paramref name="run"/>.</summary>
    public Task Start(FetchRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var fetch = run.Latest;
        _metrics.Started();
        _queued[fetch.Id] = 0;
        var task = Task.Run(() => RunWhenFreeAsync(run));
        _running[fetch.Id] = (run, task);
        _ = task.ContinueWith(_ => _running.TryRemove(fetch.Id, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Renews the leases of the queued fetches now; returns how many rows were renewed.</summary>
    public async Task<int> HeartbeatQueuedAsync(CancellationToken cancellationToken) =>
        await _fetches.HeartbeatPendingAsync([.. _queued.Keys], _time.GetUtcNow(), cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _heartbeats = Task.Run(HeartbeatLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values.Select(e => e.Task).Append(_heartbeats)).WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _snapshotSlots.Dispose();
        _detailSlots.Dispose();
    }

    private async Task RunWhenFreeAsync(FetchRun run)
    {
        var accepted = Stopwatch.GetTimestamp();
        using var slot = new FetchSlot(_snapshotSlots, _detailSlots);
        try
        {
            // A resumed detail phase has no snapshot to read: it waits for a detail slot in the pipeline, its lease renewed.
            if (!run.ResumesDetail)
            {
                await slot.TakeSnapshotAsync(_stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Shut down while queued: the pipeline, given the cancelled token, records the fetch as failed by the shutdown.
        }
        finally
        {
            _queued.TryRemove(run.FetchId, out _);
        }

        try
        {
            await _pipeline.RunAsync(run, slot, _stopping.Token);
        }
        finally
        {
            run.Close();
            _metrics.Ended(run.Latest, Stopwatch.GetElapsedTime(accepted));
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await HeartbeatQueuedAsync(_stopping.Token);
                }
                catch (DbException e)
                {
                    FetchLog.QueuedHeartbeatFailed(_logger, _queued.Count, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
