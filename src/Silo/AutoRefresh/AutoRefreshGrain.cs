using System.Globalization;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Accounts;
using Maimai.Silo.Cluster;
using Maimai.Silo.Fetching;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Maimai.Silo.AutoRefresh;

/// <summary>
/// One player's auto-refresh on one region. The "auto-refresh" reminder (durable in the reminder table of either
/// provider, so schedules survive restarts) ticks every interval; a tick polls the total play count with one
/// request and compares it with the latest snapshot's: unchanged costs nothing more, moved asks the UserRegion
/// grain for a fetch (its rate limit and one-fetch-at-a-time still decide). The player's interval is the reminder's
/// period and, on the service clock, the least time between two polls. Site errors double the wait up to
/// AutoRefresh:MaximumBackoff; a refused token pauses the schedule until a newer token is saved.
/// </summary>
internal sealed class AutoRefreshGrain(
    [PersistentState("autoRefresh", ClusterHosting.GrainStorage)] IPersistentState<AutoRefreshState> state,
    AutoRefreshPoller poller,
    SnapshotRepository snapshots,
    DxNetTokenStore tokens,
    IOptions<AutoRefreshOptions> options,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time,
    ILogger<AutoRefreshGrain> logger) : Grain, IAutoRefreshGrain
{
    public const string ReminderName = "auto-refresh";

    // Reminder ticks may come a little early; a tick this close to the interval counts as on time.
    private static readonly TimeSpan EarlyTickAllowance = TimeSpan.FromMinutes(1);

    private long _userId;
    private Region _region;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _userId = this.GetPrimaryKeyLong(out var region);
        _region = RegionNames.Parse(region ?? "");
        return Task.CompletedTask;
    }

    public async Task<AutoRefreshStatus> GetAsync()
    {
        await ResumeIfNewTokenAsync();
        return Status();
    }

    public async Task<AutoRefreshStatus> SetAsync(bool enabled, TimeSpan interval)
    {
        if (enabled)
        {
            await this.RegisterOrUpdateReminder(ReminderName, interval, interval);
        }
        else if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await WriteAsync(s =>
        {
            s.Enabled = enabled;
            s.Interval = interval;
            if (enabled)
            {
                (s.PausedReason, s.PausedAt, s.FailedPolls, s.BackoffUntil) = (null, null, 0, null);
            }
        });
        AutoRefreshLog.Set(logger, _userId, _region, enabled, (long)interval.TotalMinutes);
        return Status();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        if (!state.State.Enabled)
        {
            // Left from a schedule turned off (or an account deleted) while a tick was on its way.
            if (await this.GetReminder(ReminderName) is { } left)
            {
                await this.UnregisterReminder(left);
            }

            return;
        }

        await ResumeIfNewTokenAsync();
        var now = time.GetUtcNow();
        if (state.State.PausedReason is not null || state.State.BackoffUntil > now)
        {
            return; // paused, or backing off: no request
        }

        if (state.State.LastPollAt is { } last && now < last + (state.State.Interval ?? options.Value.DefaultInterval) - EarlyTickAllowance)
        {
            return; // sooner than the player's interval (a tick of the period before they changed it): no request
        }

        var poll = await poller.PollAsync(_userId, _region, CancellationToken.None);
        switch (poll)
        {
            case PlayCountPoll.Counted counted:
                await OnCountedAsync(counted.TotalPlayCount, now);
                break;

            case PlayCountPoll.Failed { Failure: TokenExpiredFailure expired }:
                await PauseAsync(now, AutoRefreshOutcome.TokenExpired, expired.Message);
                break;

            case PlayCountPoll.Failed { Failure: MaintenanceFailure maintenance }:
                // The site's own timetable, not a fault: no back-off, the next tick after it ends polls again.
                await RecordAsync(now, AutoRefreshOutcome.Maintenance, maintenance.Message, failed: false);
                break;

            case PlayCountPoll.Failed failed:
                await RecordAsync(now, AutoRefreshOutcome.SiteError, failed.Failure.Message, failed: true);
                break;

            case PlayCountPoll.NoToken none:
                await PauseAsync(now, AutoRefreshOutcome.TokenExpired, none.Reason);
                break;

            case PlayCountPoll.Skipped skipped:
                await RecordAsync(now, AutoRefreshOutcome.Skipped, skipped.Reason, failed: false);
                break;
        }
    }

    private async Task OnCountedAsync(int total, DateTimeOffset now)
    {
        var known = (await snapshots.GetLatestAsync(_userId, _region, CancellationToken.None))?.Profile.TotalPlayCount;
        if (known == total)
        {
            await RecordAsync(now, AutoRefreshOutcome.Unchanged, null, failed: false);
            return;
        }

        var outcome = await GrainFactory.GetGrain<IUserRegionGrain>(_userId, _region.ToName()).StartFetchAsync();
        var moved = known is { } k
            ? string.Create(CultureInfo.InvariantCulture, $"The play count moved from {k} to {total}")
            : string.Create(CultureInfo.InvariantCulture, $"The play count is {total} and no snapshot is stored yet");
        switch (outcome)
        {
            case StartFetchOutcome.Started started:
                AutoRefreshLog.FetchStarted(logger, _userId, _region, started.Fetch.Id);
                await RecordAsync(now, AutoRefreshOutcome.FetchStarted, $"{moved}: fetch {started.Fetch.Id} started.", failed: false);
                break;
            case StartFetchOutcome.TokenNotSet:
                await PauseAsync(now, AutoRefreshOutcome.TokenExpired, "No maimai DX NET token is saved for this region.");
                break;
            case StartFetchOutcome.RegionUnavailable unavailable:
                await RecordAsync(now, AutoRefreshOutcome.Skipped, unavailable.Reason, failed: false);
                break;
            default:
                // A fetch runs already, or the rate limit holds: the next tick sees the count still moved and asks again.
                await RecordAsync(now, AutoRefreshOutcome.FetchBusy, $"{moved}; a fetch was already running or just ran.", failed: false);
                break;
        }
    }

    private Task PauseAsync(DateTimeOffset now, AutoRefreshOutcome outcome, string reason)
    {
        AutoRefreshLog.Paused(logger, _userId, _region, reason);
        return WriteAsync(s =>
        {
            (s.LastPollAt, s.LastOutcome, s.LastMessage) = (now, outcome, reason);
            (s.PausedReason, s.PausedAt, s.FailedPolls, s.BackoffUntil) = (reason, now, 0, null);
        });
    }

    private Task RecordAsync(DateTimeOffset now, AutoRefreshOutcome outcome, string? message, bool failed) => WriteAsync(s =>
    {
        (s.LastPollAt, s.LastOutcome, s.LastMessage) = (now, outcome, message);
        if (!failed)
        {
            (s.FailedPolls, s.BackoffUntil) = (outcome == AutoRefreshOutcome.Skipped ? s.FailedPolls : 0, null);
            return;
        }

        // Doubling: after the first error wait two intervals, then four, then eight, up to the cap.
        s.FailedPolls++;
        var interval = s.Interval ?? options.Value.DefaultInterval;
        var wait = TimeSpan.FromTicks(Math.Min(options.Value.MaximumBackoff.Ticks, interval.Ticks * (1L << Math.Min(s.FailedPolls, 20))));
        s.BackoffUntil = now + wait;
    });

    /// <summary>A pause for a refused token ends once the player saved a token after it.</summary>
    private async Task ResumeIfNewTokenAsync()
    {
        if (state.State.PausedAt is not { } pausedAt)
        {
            return;
        }

        var token = await tokens.GetStatusAsync(_userId, _region, CancellationToken.None);
        if (token.IsSet && token.SetAt > pausedAt)
        {
            await WriteAsync(s => (s.PausedReason, s.PausedAt) = (null, null));
        }
    }

    private AutoRefreshStatus Status()
    {
        var s = state.State;
        return new AutoRefreshStatus(s.Enabled, s.Interval ?? options.Value.DefaultInterval, s.LastPollAt, s.LastOutcome, s.LastMessage, s.PausedReason, s.BackoffUntil);
    }

    /// <summary>Applies the change and writes; on an ETag conflict another activation wrote first: re-read and apply it to that.</summary>
    private async Task WriteAsync(Action<AutoRefreshState> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            change(state.State);
            try
            {
                await state.WriteStateAsync();
                return;
            }
            catch (InconsistentStateException) when (attempt < 3)
            {
                await state.ReadStateAsync();
            }
        }
    }
}
