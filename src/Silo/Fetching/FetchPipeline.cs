using System.Data.Common;
using System.Diagnostics;
using Maimai.Core.Fetching;
using Maimai.Scraping.Contract;
using Maimai.Silo.Accounts;
using Maimai.Silo.Fetching.Internal;
using Maimai.Silo.Plugins;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Fetching;

/// <summary>
/// Runs one accepted fetch to its end: mark it running, read what the database knows, run the region's plugin
/// with the decrypted token while progress flows to the row and the watchers, then commit everything in one
/// transaction or fail the fetch with a stable code and a message for the player. Never throws.
/// DX NET rotates the session cookie as pages are read and may stop honouring the old one, so a fetch that fails
/// after its scrape still stores the newest session it saw (in the transaction that fails it), unless the site
/// refused the session: then the token is marked as refused. Otherwise the player's next fetch would be refused.
/// A shutdown in the detail phase does not fail the fetch: it is released for a silo to resume (<see cref="FetchRun.ResumesDetail"/>).
/// </summary>
internal sealed class FetchPipeline(
    FetchRepository fetches,
    IScraperRegistry scrapers,
    DxNetTokenStore tokens,
    Database database,
    SongCache songs,
    SnapshotRepository snapshots,
    ScoreRepository scores,
    RecentPlayRepository plays,
    FetchCommitter committer,
    DetailPhase details,
    IOptions<FetchOptions> options,
    ILocalSiloDetails silo,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time,
    ILogger<FetchPipeline> logger)
{
    private readonly FetchOptions _options = options.Value;

    /// <summary>
    /// Runs the fetch of <paramref name="run"/>, publishing its progress and end there. <paramref name="slot"/> holds
    /// its snapshot slot (none when it resumes a detail phase) and takes a detail slot for the detail pages.
    /// </summary>
    public async Task RunAsync(FetchRun run, FetchSlot slot, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(run);
        var fetch = run.Latest;
        var clock = Stopwatch.StartNew();
        IReadOnlyDictionary<string, string>? seen = null; // the newest session cookies, once the scrape has returned
        try
        {
            if (run.ResumesDetail)
            {
                await ResumeDetailAsync(run, slot, cookies => seen = cookies, stopping);
                return;
            }

            if (!await fetches.MarkRunningAsync(fetch.Id, time.GetUtcNow(), stopping))
            {
                await PublishAsync(run); // failed as lost before it began
                return;
            }

            FetchLog.Started(logger, fetch.Id, fetch.UserId, fetch.Region, silo.SiloAddress);
            await PublishAsync(run);
            // Held to the end: a plugin swapped in meanwhile serves the next fetch, this one finishes on its build.
            using var lease = scrapers.Acquire(fetch.Region);
            if (lease is null)
            {
                await FailAsync(run, FetchErrorCode.Internal, FetchErrors.RegionMessage, "no plugin for the region");
                return;
            }

            var read = await tokens.ReadSessionAsync(fetch.UserId, fetch.Region, stopping);
            if (read?.Session is not { } session)
            {
                await FailAsync(run, FetchErrorCode.TokenExpired, read is null ? FetchErrors.TokenMissingMessage : FetchErrors.TokenUnreadableMessage, "no usable token");
                return;
            }

            var stored = await SnapshotPhaseAsync(run, lease, session, cookies => seen = cookies, stopping);
            if (stored is null)
            {
                return; // failed or taken over, already recorded and published
            }

            if (lease.Scraper.ReadsDetailsLater)
            {
                await PublishAsync(run); // the snapshot is browsable from here
                FetchLog.SnapshotStored(logger, fetch.Id, stored.SnapshotId, stored.RequestCount, clock.ElapsedMilliseconds);
                if (!await RunDetailAsync(run, slot, lease, session with { Cookies = stored.Cookies }, stored.Pages, cookies => seen = cookies, stopping))
                {
                    return;
                }
            }

            FetchLog.Completed(logger, fetch.Id, stored.SnapshotId, stored.ScoreVersions, stored.NewPlays, stored.DiscoveredCharts, stored.RequestCount, clock.ElapsedMilliseconds);
            await PublishAsync(run);
        }
        catch (OperationCanceledException e) when (stopping.IsCancellationRequested)
        {
            // Shut down mid-scrape: the scraper hands over the session it had reached (DxNetScraper does).
            var cookies = e is ScrapeCanceledException canceled ? canceled.SessionCookies : seen;
            await FailAsync(run, FetchErrorCode.Internal, FetchErrors.ShutdownMessage, "the node shut down", retry: false, session: SessionEnd.Kept(cookies));
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            await FailAsync(run, FetchErrorCode.Internal, FetchErrors.DatabaseMessage, e.Message, session: SessionEnd.Kept(seen));
        }
#pragma warning disable CA1031 // The pipeline runs detached: whatever goes wrong must end the fetch, not vanish.
        catch (Exception e)
#pragma warning restore CA1031
        {
            FetchLog.Crashed(logger, fetch.Id, e);
            await FailAsync(run, FetchErrorCode.Internal, FetchErrors.InternalMessage, e.Message, session: SessionEnd.Kept(seen));
        }
    }

    /// <summary>
    /// The snapshot phase: reads what the database knows, scrapes (up to the record when the detail is read later) and
    /// commits the snapshot. Null when the fetch ended here (failed or taken over), already recorded and published.
    /// Its own method so that the scrape's rows and the baseline are garbage once it returns, not held by the detail
    /// phase's state machine for the minutes the detail pages take.
    /// </summary>
    private async Task<StoredSnapshot?> SnapshotPhaseAsync(FetchRun run, Plugins.ScraperLease lease, DxNetSession session,
        Action<IReadOnlyDictionary<string, string>> seen, CancellationToken stopping)
    {
        var fetch = run.Latest;
        var baseline = await FetchBaseline.LoadAsync(songs, snapshots, scores, plays, fetch.UserId, fetch.Region, stopping);
        var running = (await fetches.GetAsync(fetch.Id, stopping))?.ToStatus() ?? fetch;
        // Snapshot first, detail after: the scraper stops after the record and the detail pages are queued.
        var detailsLater = lease.Scraper.ReadsDetailsLater;
        ScrapeResult result;
        CommitResult commit;
        await using (var pump = new ProgressPump(running, fetches, run, time, _options.HeartbeatInterval, logger, silo.SiloAddress.ToParsableString()))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, pump.LeaseLost);
            try
            {
                result = await lease.Scraper.ScrapeAsync(new ScrapeRequest(session, baseline.Known) { DetailsLater = detailsLater }, pump, linked.Token);
            }
            catch (OperationCanceledException) when (pump.LeaseLost.IsCancellationRequested)
            {
                FetchLog.TakenOver(logger, fetch.Id);
                await PublishAsync(run);
                return null;
            }

            seen(result.SessionCookies);
            if (result.Failure is { } failure)
            {
                await pump.StopAsync();
                var (code, message) = FetchErrors.For(failure);
                await FailAsync(run, code, message, failure.Message, session: new SessionEnd(code == FetchErrorCode.TokenExpired ? message : null, result.SessionCookies),
                    pages: PagesRequested.From(result.PagesRequested));
                return null;
            }

            // The pump keeps heartbeating through the commit: saving many discovered charts can outlast the lease.
            pump.Report(FetchStage.Saving);
            commit = await committer.CommitAsync(running, baseline, result, lease.PluginVersion, time.GetUtcNow(), stopping, detailsLater);
        }

        if (commit.SnapshotId is not { } snapshotId)
        {
            FetchLog.TakenOver(logger, fetch.Id);
            await PublishAsync(run);
            return null;
        }

        run.PlayCountTotal = result.Data?.Profile.TotalPlayCount;
        if (commit.Warnings > 0)
        {
            FetchLog.KeptWarnings(logger, fetch.Id, commit.Warnings);
        }

        return new StoredSnapshot(snapshotId, result.RequestCount, result.SessionCookies, PagesRequested.From(result.PagesRequested),
            commit.ScoreVersions, commit.NewPlays, commit.DiscoveredCharts);
    }

    /// <summary>
    /// A fetch whose silo was lost or shut down in its detail phase, taken over by this silo (UserRegionGrain): reads
    /// what is still queued with the newest stored session, under the same rules as the first run (the plugin's
    /// gap and maintenance window, the lease), then completes it.
    /// </summary>
    private async Task ResumeDetailAsync(FetchRun run, FetchSlot slot, Action<IReadOnlyDictionary<string, string>> seen, CancellationToken stopping)
    {
        var fetch = (await fetches.GetAsync(run.FetchId, CancellationToken.None))?.ToStatus() ?? run.Latest;
        if (stopping.IsCancellationRequested)
        {
            await ReleaseAsync(run, null, null); // shut down before it began: still queued, still resumable
            return;
        }

        await PublishAsync(run);
        using var lease = scrapers.Acquire(fetch.Region);
        if (lease is null)
        {
            await FailAsync(run, FetchErrorCode.Internal, FetchErrors.RegionMessage, "no plugin for the region");
            return;
        }

        // Not cancelled by a shutdown: the phase itself stops between pages and is released, never failed.
        var read = await tokens.ReadSessionAsync(fetch.UserId, fetch.Region, CancellationToken.None);
        if (read?.Session is not { } session)
        {
            await FailAsync(run, FetchErrorCode.TokenExpired, read is null ? FetchErrors.TokenMissingMessage : FetchErrors.TokenUnreadableMessage, "no usable token");
            return;
        }

        seen(session.Cookies);
        if (await RunDetailAsync(run, slot, lease, session, fetch.PagesRequested ?? PagesRequested.None, seen, stopping))
        {
            await PublishAsync(run);
        }
    }

    /// <summary>
    /// The detail phase: reads the queued pages, then completes the fetch with the newest session. It stops between
    /// pages for a shutdown (the row is released for a silo to resume) or a newer fetch (the row completes; the
    /// newer fetch reads the rest). False when the fetch ended otherwise (failed, taken over, released), already
    /// recorded and published. <paramref name="earlier"/>: the pages requested before this phase (or this run).
    /// </summary>
    private async Task<bool> RunDetailAsync(FetchRun run, FetchSlot slot, Plugins.ScraperLease lease, DxNetSession session, PagesRequested earlier,
        Action<IReadOnlyDictionary<string, string>> seen, CancellationToken stopping)
    {
        var fetch = (await fetches.GetAsync(run.FetchId, CancellationToken.None))?.ToStatus() ?? run.Latest;
        var snapshotPages = fetch.PagesDone - fetch.DetailDone;
        var snapshotPace = fetch is { StartedAt: { } started, SnapshotAt: { } stored } && snapshotPages > 0
            ? (stored - started) / snapshotPages
            : (TimeSpan?)null;
        DetailOutcome outcome;
        await using (var pump = new ProgressPump(fetch, fetches, run, time, _options.HeartbeatInterval, logger, silo.SiloAddress.ToParsableString()))
        {
            // A shutdown or a newer fetch stops it between pages (the page in flight is stored); a lost lease abandons it at once.
            try
            {
                outcome = await details.RunAsync(fetch, lease.Scraper, lease.PluginVersion, session, pump, snapshotPace, time, slot,
                    () => !stopping.IsCancellationRequested && !run.YieldIfAsked(), pump.LeaseLost);
            }
            catch (OperationCanceledException) when (pump.LeaseLost.IsCancellationRequested)
            {
                FetchLog.TakenOver(logger, fetch.Id);
                await PublishAsync(run);
                return false;
            }

            await pump.StopAsync();
        }

        var read = outcome.Read;
        var cookies = read?.SessionCookies ?? session.Cookies;
        seen(cookies);
        var pages = PagesRequested.From(earlier.Counts.Concat(read?.PagesRequested ?? new Dictionary<FetchStage, int>())
            .GroupBy(c => c.Key).Select(g => KeyValuePair.Create(g.Key, g.Sum(c => c.Value))));
        if (read?.Failure is { } failure)
        {
            // The snapshot stays stored; the pages not read stay queued for the next fetch.
            var (code, message) = FetchErrors.For(failure);
            await FailAsync(run, code, message, failure.Message, session: new SessionEnd(code == FetchErrorCode.TokenExpired ? message : null, cookies), pages: pages);
            return false;
        }

        if (outcome.StoppedEarly && !run.HandedOver)
        {
            await ReleaseAsync(run, cookies, pages); // shut down between pages
            return false;
        }

        // Read to the end, or handed over: the newer fetch, waiting for this to end, reads the rest of the queue.
        await using (var transaction = await database.BeginAsync(CancellationToken.None))
        {
            if (!await fetches.CompleteDetailAsync(transaction, fetch.Id, time.GetUtcNow(), pages, CancellationToken.None))
            {
                FetchLog.TakenOver(logger, fetch.Id);
                await PublishAsync(run);
                return false;
            }

            await tokens.SaveSessionAsync(transaction, fetch.UserId, fetch.Region, cookies, time.GetUtcNow(), CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        if (outcome.StoppedEarly)
        {
            FetchLog.DetailHandedOver(logger, fetch.Id, read?.RequestCount ?? 0);
        }
        else
        {
            FetchLog.DetailRead(logger, fetch.Id, read?.RequestCount ?? 0);
        }

        return true;
    }

    /// <summary>
    /// A shutdown stopped the detail phase between pages: the row stays running, owned by no silo, with the newest
    /// session and the pages requested so far, so the next sweep (here after a restart, or on another silo)
    /// resumes it. Best effort: if the database is away, the lease runs out and the sweep resumes it all the same.
    /// </summary>
    private async Task ReleaseAsync(FetchRun run, IReadOnlyDictionary<string, string>? cookies, PagesRequested? pages)
    {
        var fetch = run.Latest;
        try
        {
            var now = time.GetUtcNow();
            await using var transaction = await database.BeginAsync(CancellationToken.None);
            if (await fetches.ReleaseDetailAsync(transaction, fetch.Id, silo.SiloAddress.ToParsableString(), now, pages, CancellationToken.None))
            {
                if (cookies is not null)
                {
                    await tokens.SaveSessionAsync(transaction, fetch.UserId, fetch.Region, cookies, now, CancellationToken.None);
                }

                await transaction.CommitAsync(CancellationToken.None);
                FetchLog.DetailReleased(logger, fetch.Id);
            }

            await PublishAsync(run);
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            FetchLog.ProgressWriteFailed(logger, fetch.Id, e.Message);
        }
    }

    private static bool IsDatabaseFailure(Exception e) =>
        e is DbException || e.InnerException is DbException || (e is InvalidOperationException && e.Source is "Npgsql");

    /// <summary>
    /// Fails the fetch, retrying with backoff while the database is away (it may be restarting), for up to
    /// <see cref="FetchOptions.FailureWriteTimeout"/>. Backoff runs on the wall clock: it waits for a real server.
    /// The token's <paramref name="session"/> is written in the same transaction, and only when this fetch was
    /// still the one running (a sweeper that failed it first may have let a newer fetch store a newer session).
    /// That write is best effort: if it fails on a working database, the failure is recorded without it.
    /// </summary>
    private async Task FailAsync(FetchRun run, FetchErrorCode code, string message, string detail, bool retry = true, SessionEnd? session = null, PagesRequested? pages = null)
    {
        var fetch = run.Latest;
        FetchLog.Failed(logger, fetch.Id, code, detail);
        var giveUpAt = Stopwatch.GetTimestamp() + (long)(_options.FailureWriteTimeout.TotalSeconds * Stopwatch.Frequency);
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                if (await FailOnceAsync(fetch, code, message, session, pages) is { } sessionError)
                {
                    // Rolled back; at once again without the session write.
                    FetchLog.SessionWriteFailed(logger, fetch.Id, sessionError);
                    session = null;
                    continue;
                }

                await PublishAsync(run);
                return;
            }
            catch (Exception e) when (IsDatabaseFailure(e) && retry && Stopwatch.GetTimestamp() < giveUpAt)
            {
                FetchLog.FailureWriteRetry(logger, fetch.Id, e.Message, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, CancellationToken.None);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
            catch (Exception e) when (IsDatabaseFailure(e))
            {
                FetchLog.FailureWriteGaveUp(logger, fetch.Id);
                return;
            }
        }
    }

    /// <summary>One attempt; returns why the session write failed when a retry would not mend it (nothing is committed then).</summary>
    private async Task<Exception?> FailOnceAsync(FetchStatus fetch, FetchErrorCode code, string message, SessionEnd? session, PagesRequested? pages)
    {
        var now = time.GetUtcNow();
        await using var transaction = await database.BeginAsync(CancellationToken.None);
        if (!await fetches.FailAsync(transaction, fetch.Id, code, message, pages, now, CancellationToken.None))
        {
            return null; // already ended (swept as lost): nothing of ours to write
        }

        if (session is not null)
        {
            try
            {
                await tokens.RecordFailureAsync(transaction, fetch.UserId, fetch.Region, session.TokenError, session.Cookies, now, CancellationToken.None);
            }
#pragma warning disable CA1031 // Whatever breaks the session write (a statement error, the key ring), the failure itself must be recorded.
            catch (Exception e) when (!StorageFailures.IsTransient(e))
#pragma warning restore CA1031
            {
                return e;
            }
        }

        await transaction.CommitAsync(CancellationToken.None);
        return null;
    }

    // The row is the truth (a sweeper may have failed the fetch): watchers get what it says.
    private async Task PublishAsync(FetchRun run)
    {
        if ((await fetches.GetAsync(run.FetchId, CancellationToken.None))?.ToStatus() is { } status)
        {
            run.Publish(status);
        }
    }

    /// <summary>What a failed fetch leaves on the token: the refusal (player's message) or else the newest cookies.</summary>
    private sealed record SessionEnd(string? TokenError, IReadOnlyDictionary<string, string> Cookies)
    {
        public static SessionEnd? Kept(IReadOnlyDictionary<string, string>? cookies) => cookies is null ? null : new(null, cookies);
    }

    /// <summary>What the rest of a fetch needs from its stored snapshot (and nothing of the scrape it came from).</summary>
    private sealed record StoredSnapshot(long SnapshotId, int RequestCount, IReadOnlyDictionary<string, string> Cookies, PagesRequested Pages,
        int ScoreVersions, int NewPlays, int DiscoveredCharts);
}
