using System.Runtime.CompilerServices;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Accounts;
using Maimai.Silo.Cluster;
using Maimai.Silo.Plugins;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Maimai.Silo.Fetching;

/// <summary>
/// One player on one region's site, on one silo at a time. Its turns run one at a time, so concurrent StartFetch
/// calls are answered in order; its state (<see cref="UserRegionState"/>) answers most of them without a database
/// write. The database stays the last line of defence for the moments two activations exist (a membership
/// change): the conditional rate-limit update and the one-active-fetch index decide the start, and a state write
/// that lost an ETag race re-reads the other activation's state and applies its decision to that.
/// The fetch itself runs in the silo's <see cref="FetchRunner"/>, outside the grain's turns; the activation stays
/// alive until it ends. A fetch in its detail phase is never left behind: a newer start takes its queue over (the
/// running phase stops at a page boundary), and one whose silo was lost or shut down is resumed here, under the
/// same one-start-a-minute rule, when the sweep (or anyone asking about it) finds it.
/// </summary>
internal sealed class UserRegionGrain(
    [PersistentState("userRegion", ClusterHosting.GrainStorage)] IPersistentState<UserRegionState> state,
    FetchRepository fetches,
    FetchRunner runner,
    DxNetTokenStore tokens,
    IScraperRegistry scrapers,
    FetchLiveness liveness,
    ILocalSiloDetails silo,
    IConfiguration configuration,
    IOptions<FetchOptions> options,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time,
    ILogger<UserRegionGrain> logger) : Grain, IUserRegionGrain
{
    // Start, then lose a race to a fetch that ended at once, then find it rate limited: three tries are plenty.
    private const int Attempts = 3;

    // A page in flight ends within the plugin's timeout (30 s by default); the caller's own call times out at 30 s.
    private static readonly TimeSpan HandOverWait = TimeSpan.FromSeconds(20);

    private long _userId;
    private Region _region;
    private FetchRun? _run;
    private TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _userId = this.GetPrimaryKeyLong(out var region);
        _region = RegionNames.Parse(region ?? "");
        return Task.CompletedTask;
    }

    /// <summary>
    /// The active fetch is looked for first, so callers that arrive while a fetch runs are told about it rather
    /// than about the rate limit it consumed.
    /// </summary>
    public async Task<StartFetchOutcome> StartFetchAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await ActiveAsync() is { } active)
            {
                // In its detail phase on this silo, a fetch gives way to a newer one (which takes its queue over).
                if (active.Phase != FetchPhase.Detail || _run is not { } detail || detail.FetchId != active.Id || !await MayStartAsync()
                    || !await HandOverAsync(detail))
                {
                    return new StartFetchOutcome.AlreadyRunning(active);
                }

                continue;
            }

            if (!scrapers.IsAvailable(_region))
            {
                return new StartFetchOutcome.RegionUnavailable(FetchErrors.RegionMessage);
            }

            if (!await tokens.IsSetAsync(_userId, _region, CancellationToken.None))
            {
                return new StartFetchOutcome.TokenNotSet();
            }

            var now = time.GetUtcNow();
            if (state.State.NextFetchAllowedAt is { } next && next > now)
            {
                return new StartFetchOutcome.RateLimited(next, next - now);
            }

            switch (await fetches.TryStartAsync(_userId, _region, silo.SiloAddress.ToParsableString(), now, options.Value.RateLimit, CancellationToken.None))
            {
                case FetchStart.Started started:
                    var fetch = started.Fetch.ToStatus();
                    Run(fetch);
                    await RecordAsync(s =>
                    {
                        s.ActiveFetchId = fetch.Id;
                        s.NextFetchAllowedAt = Later(s.NextFetchAllowedAt, now + options.Value.RateLimit);
                    });
                    return new StartFetchOutcome.Started(fetch);

                case FetchStart.RateLimited limited:
                    // The database knew a later start than this state did: another activation's, which may still run.
                    await RecordAsync(s => s.NextFetchAllowedAt = Later(s.NextFetchAllowedAt, limited.NextAllowedAt));
                    if ((await fetches.GetActiveAsync(_userId, _region, CancellationToken.None))?.ToStatus() is { } justStarted)
                    {
                        return new StartFetchOutcome.AlreadyRunning(justStarted);
                    }

                    return new StartFetchOutcome.RateLimited(limited.NextAllowedAt, limited.NextAllowedAt - now);

                case FetchStart.Conflict when attempt < Attempts:
                    // A fetch this state did not know of is active: adopt it (it may have lost its silo) and decide again.
                    if ((await fetches.GetActiveAsync(_userId, _region, CancellationToken.None))?.ToStatus() is { } unknown)
                    {
                        await RecordAsync(s => s.ActiveFetchId = unknown.Id);
                    }

                    continue;

                default:
                    return (await fetches.GetActiveAsync(_userId, _region, CancellationToken.None))?.ToStatus() is { } last
                        ? new StartFetchOutcome.AlreadyRunning(last)
                        : throw new InvalidOperationException("A fetch was reported active but could not be found; try again.");
            }
        }
    }

    /// <summary>Whether a new start would pass the checks that need no write: a plugin, a token, the rate limit.</summary>
    private async Task<bool> MayStartAsync() =>
        scrapers.IsAvailable(_region)
        && await tokens.IsSetAsync(_userId, _region, CancellationToken.None)
        && !(state.State.NextFetchAllowedAt > time.GetUtcNow());

    /// <summary>
    /// Asks the running detail phase to stop after the page in flight is stored, and waits (within
    /// <see cref="HandOverWait"/>, on the wall clock: a real page is in flight) for its run to end. The run completes
    /// its row, so the newer fetch can then start; its snapshot commit takes the queue over, and no page is read
    /// twice. False when the run did not stop in time: it carries on, and the caller hears it is already running.
    /// </summary>
    private async Task<bool> HandOverAsync(FetchRun detail)
    {
        detail.AskHandOver();
        var ended = runner.WhenEnded(detail.FetchId);
        if (await Task.WhenAny(ended, Task.Delay(HandOverWait)) == ended || !detail.WithdrawHandOver())
        {
            // Ended, or already stopping (it has stored its last page and completes its row now).
            await ended.WaitAsync(HandOverWait);
            _run = null;
            DelayDeactivation(TimeSpan.Zero); // the newer fetch's run holds the activation again once it starts

            // The newer fetch's first request follows the last page on the same token: keep the plugin's gap between them.
            var gap = PluginOptions.ScraperOptionsFor(configuration, _region).RequestGap;
            if (gap > TimeSpan.Zero)
            {
                await Task.Delay(gap);
            }

            return true;
        }

        FetchLog.HandOverSlow(logger, detail.FetchId, (long)HandOverWait.TotalMilliseconds);
        return false;
    }

    // Orleans runs an enumeration's calls interleaved with the grain's turns: this reads fields, never writes state.
    public IAsyncEnumerable<FetchStatus> WatchFetchAsync(long fetchId) => WatchAsync(fetchId, CancellationToken.None);

    public async Task SettleAsync(long fetchId)
    {
        if (await fetches.GetAsync(fetchId, CancellationToken.None) is { } row && row.UserId == _userId && row.Region == _region)
        {
            await SettleAsync(row);
        }
    }

    public async Task<bool> FailFetchAsync(long fetchId, string message)
    {
        if (await fetches.GetAsync(fetchId, CancellationToken.None) is not { } row || row.UserId != _userId || row.Region != _region
            || !await fetches.FailAsync(fetchId, FetchErrorCode.Internal, message, time.GetUtcNow(), CancellationToken.None))
        {
            return false;
        }

        var failed = (await fetches.GetAsync(fetchId, CancellationToken.None))?.ToStatus();
        if ((_run?.FetchId == fetchId ? _run : runner.Find(fetchId)) is { } run && failed is not null)
        {
            run.Publish(failed); // watchers see the end now; the run stops at its next heartbeat (its lease is gone)
        }
        else if (state.State.ActiveFetchId == fetchId)
        {
            // Not running here (queued elsewhere, or its silo is gone): nothing will call EndFetch for it.
            await RecordAsync(s => s.ActiveFetchId = s.ActiveFetchId == fetchId ? null : s.ActiveFetchId);
        }

        Interlocked.Exchange(ref _settled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return true;
    }

    public async Task EndFetchAsync(long fetchId)
    {
        long? playCount = null;
        if (_run?.FetchId == fetchId)
        {
            playCount = _run.PlayCountTotal;
            _run = null;
            DelayDeactivation(TimeSpan.Zero);
        }

        var ended = await fetches.GetAsync(fetchId, CancellationToken.None);
        await RecordAsync(s =>
        {
            if (s.ActiveFetchId == fetchId)
            {
                s.ActiveFetchId = null;
            }

            s.LastFetchId = fetchId;
            s.LastFetchCompleted = ended?.State == FetchState.Completed;
            s.LastPlayCountTotal = (int?)playCount ?? s.LastPlayCountTotal;
        });
    }

    private async IAsyncEnumerable<FetchStatus> WatchAsync(long fetchId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FetchStatus? last = null;
        while (true)
        {
            if ((_run?.FetchId == fetchId ? _run : runner.Find(fetchId)) is { } run)
            {
                await foreach (var status in run.ChangesAsync(cancellationToken))
                {
                    yield return status;
                }

                yield break;
            }

            // Not running here: settle it in a turn of its own (its silo may be gone), then report the row.
            var settled = _settled.Task;
            await this.AsReference<IUserRegionGrain>().SettleAsync(fetchId);
            if ((await fetches.GetAsync(fetchId, cancellationToken))?.ToStatus() is not { } row || row.UserId != _userId)
            {
                yield break;
            }

            if (row != last)
            {
                last = row;
                yield return row;
            }

            if (row.IsTerminal)
            {
                yield break;
            }

            // A live silo still holds it: wake when this activation settles a fetch (the sweep asks it to), or poll.
            await Task.WhenAny(settled, Task.Delay(options.Value.WatchPollInterval, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The fetch pending or running for this user and region, after settling one that lost its silo.</summary>
    private async Task<FetchStatus?> ActiveAsync()
    {
        if (_run is { } run && runner.Find(run.FetchId) is not null && !run.Latest.IsTerminal)
        {
            return run.Latest;
        }

        if (state.State.ActiveFetchId is not { } id)
        {
            return null;
        }

        var row = await fetches.GetAsync(id, CancellationToken.None);
        var status = row is null ? null : await SettleAsync(row);
        return status is { IsTerminal: false } ? status : null;
    }

    /// <summary>The fetch's status after failing it as NODE_LOST if no live silo runs it; clears it from state once ended.</summary>
    private async Task<FetchStatus> SettleAsync(FetchRow row)
    {
        var status = row.ToStatus();
        if (!status.IsTerminal)
        {
            if (runner.Find(row.Id) is { } local)
            {
                _run ??= local; // runs on this silo, started by an earlier activation
                return local.Latest;
            }

            if (!await liveness.IsLostAsync(row, time.GetUtcNow(), refresh: true, CancellationToken.None))
            {
                return status;
            }

            // Lost in its detail phase: the snapshot is stored and the rest is queued; carry on here instead of failing it.
            if (row is { State: FetchState.Running, SnapshotId: not null } && scrapers.IsAvailable(_region))
            {
                return await ResumeAsync(row);
            }

            if (await fetches.FailAsync(row.Id, FetchErrorCode.NodeLost, FetchErrors.NodeLostMessage, time.GetUtcNow(), CancellationToken.None))
            {
                FetchLog.Lost(logger, row.Id, row.NodeId ?? "?");
                Interlocked.Exchange(ref _settled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }

            status = (await fetches.GetAsync(row.Id, CancellationToken.None))?.ToStatus() ?? status;
        }

        if (state.State.ActiveFetchId == row.Id)
        {
            await RecordAsync(s => s.ActiveFetchId = s.ActiveFetchId == row.Id ? null : s.ActiveFetchId);
        }

        return status;
    }

    /// <summary>
    /// Takes a lost fetch's detail phase over on this silo: one start a minute still holds (the resume claims the
    /// slot, or waits for it: the sweep asks again), and the row moves to this silo only if it is still the lost
    /// silo's, so two silos never both resume it.
    /// </summary>
    private async Task<FetchStatus> ResumeAsync(FetchRow row)
    {
        var now = time.GetUtcNow();
        switch (await fetches.TryResumeDetailAsync(row.Id, row.NodeId, silo.SiloAddress.ToParsableString(), now, options.Value.RateLimit, CancellationToken.None))
        {
            case FetchStart.Started resumed:
                var fetch = resumed.Fetch.ToStatus();
                FetchLog.DetailResumed(logger, fetch.Id, _userId, _region, row.NodeId ?? "(released)", silo.SiloAddress);
                Run(fetch, resumesDetail: true);
                await RecordAsync(s =>
                {
                    s.ActiveFetchId = fetch.Id;
                    s.NextFetchAllowedAt = Later(s.NextFetchAllowedAt, now + options.Value.RateLimit);
                });

                // Watchers polling the row follow the live run from here.
                Interlocked.Exchange(ref _settled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                return fetch;

            case FetchStart.RateLimited limited:
                FetchLog.DetailResumeDeferred(logger, row.Id, limited.NextAllowedAt);
                await RecordAsync(s =>
                {
                    s.ActiveFetchId = row.Id;
                    s.NextFetchAllowedAt = Later(s.NextFetchAllowedAt, limited.NextAllowedAt);
                });
                return row.ToStatus();

            default:
                // Another silo resumed it first, or it ended meanwhile: the row says which.
                return (await fetches.GetAsync(row.Id, CancellationToken.None))?.ToStatus() ?? row.ToStatus();
        }
    }

    private void Run(FetchStatus fetch, bool resumesDetail = false)
    {
        var run = new FetchRun(fetch) { ResumesDetail = resumesDetail };
        _run = run;
        DelayDeactivation(Timeout.InfiniteTimeSpan); // collected once EndFetch says the run is over
        var self = this.AsReference<IUserRegionGrain>();
        _ = runner.Start(run).ContinueWith(_ => self.EndFetchAsync(fetch.Id), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>
    /// Applies <paramref name="change"/> and writes the state. On an ETag conflict another activation wrote first:
    /// re-read its state and apply the change to that (each change merges, so applying it again decides again).
    /// The rows in the database are the truth this state caches, so a write that keeps failing is logged, not thrown.
    /// </summary>
    private async Task RecordAsync(Action<UserRegionState> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            change(state.State);
            try
            {
                await state.WriteStateAsync();
                return;
            }
            catch (InconsistentStateException) when (attempt < Attempts)
            {
                FetchLog.StateConflict(logger, _userId, _region);
                await state.ReadStateAsync();
            }
#pragma warning disable CA1031 // The state is a cache of the rows; losing one write must not fail the call that already committed them.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                FetchLog.StateWriteFailed(logger, _userId, _region, e);
                return;
            }
        }
    }

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;
}
