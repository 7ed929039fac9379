using Maimai.Core.Game;

namespace Maimai.Core.Fetching;

/// <summary>
/// Auto-refresh, opt-in per user and region: the player's total play count is polled every interval and a fetch
/// starts only when it moved. Every call is scoped by the caller's user id.
/// </summary>
public interface IAutoRefresh
{
    /// <summary>The schedule and how its last poll went; off (with the default interval) when never turned on.</summary>
    Task<AutoRefreshStatus> GetAsync(long userId, Region region, CancellationToken cancellationToken);

    /// <summary>
    /// Turns it on (with <paramref name="interval"/>, or the current or default one when null) or off. Turning it on
    /// clears a pause. Says why when it cannot (no token saved, an interval out of range).
    /// </summary>
    Task<AutoRefreshChange> SetAsync(long userId, Region region, bool enabled, TimeSpan? interval, CancellationToken cancellationToken);
}

/// <summary>How one poll ended.</summary>
public enum AutoRefreshOutcome
{
    /// <summary>The total play count had not moved: nothing more was read.</summary>
    Unchanged = 1,

    /// <summary>The play count moved (or no snapshot was known): a fetch was started.</summary>
    FetchStarted = 2,

    /// <summary>A fetch was already pending or running, or the rate limit held: nothing was sent.</summary>
    FetchBusy = 3,

    /// <summary>DX NET was in maintenance: no request was sent (or it showed its notice).</summary>
    Maintenance = 4,

    /// <summary>DX NET failed (error page, network, an unexpected page): polls back off.</summary>
    SiteError = 5,

    /// <summary>The token was refused: auto-refresh paused until a new token is saved.</summary>
    TokenExpired = 6,

    /// <summary>Too many polls ran on this silo at once: this one was skipped.</summary>
    Skipped = 7,
}

/// <summary>What the player sees of their auto-refresh for one region.</summary>
/// <param name="Enabled">Whether the player turned it on (it may still be paused).</param>
/// <param name="Interval">Time between two polls.</param>
/// <param name="LastPollAt">When the last poll ran; null before the first.</param>
/// <param name="LastOutcome">How the last poll ended; null before the first.</param>
/// <param name="LastMessage">One line about the last poll (never a token); null when there is nothing to add.</param>
/// <param name="PausedReason">Why polls stopped (a refused token); null when not paused.</param>
/// <param name="BackoffUntil">No poll before this, after site errors; null when not backing off.</param>
public sealed record AutoRefreshStatus(
    bool Enabled,
    TimeSpan Interval,
    DateTimeOffset? LastPollAt,
    AutoRefreshOutcome? LastOutcome,
    string? LastMessage,
    string? PausedReason,
    DateTimeOffset? BackoffUntil)
{
    public bool IsPaused => PausedReason is not null;
}

/// <summary>The answer to <see cref="IAutoRefresh.SetAsync"/>: the status after the change, or why nothing changed.</summary>
public abstract record AutoRefreshChange
{
    private AutoRefreshChange()
    {
    }

    public sealed record Saved(AutoRefreshStatus Status) : AutoRefreshChange;

    /// <summary>It cannot be turned on without a saved DX NET token.</summary>
    public sealed record TokenNotSet : AutoRefreshChange;

    /// <summary>The interval is out of range; <paramref name="Message"/> says the range.</summary>
    public sealed record InvalidInterval(string Message) : AutoRefreshChange;
}
