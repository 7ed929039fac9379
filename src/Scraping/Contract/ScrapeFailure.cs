using Maimai.Core.Fetching;
using Maimai.Scraping.Pages;

namespace Maimai.Scraping.Contract;

/// <summary>Why a scrape failed. A closed hierarchy; <see cref="Code"/> is the fetch's error code (Core's vocabulary).</summary>
public abstract record ScrapeFailure
{
    private protected ScrapeFailure()
    {
    }

    public abstract FetchErrorCode Code { get; }

    /// <summary>One line for the fetch's error_message; never contains the token.</summary>
    public abstract string Message { get; }
}

/// <summary>DX NET is in maintenance: its notice page, or the daily window (then no request was sent).</summary>
/// <param name="EndsAt">When the daily window ends (07:00 JST); null when the site did not say (a notice page mid-day).</param>
public sealed record MaintenanceFailure(DateTimeOffset? EndsAt, string Reason) : ScrapeFailure
{
    public override FetchErrorCode Code => FetchErrorCode.Maintenance;

    public override string Message => EndsAt is { } end
        ? $"{Reason} Try again after {end.ToOffset(TimeSpan.FromHours(9)):yyyy-MM-dd HH:mm} JST."
        : Reason;
}

/// <summary>The token (and any stored session) was refused: the player must give a new one.</summary>
public sealed record TokenExpiredFailure(string Reason) : ScrapeFailure
{
    public override FetchErrorCode Code => FetchErrorCode.TokenExpired;

    public override string Message => $"The maimai DX NET token was refused: {Reason}";
}

/// <summary>DX NET showed its error page with an ERROR CODE other than "login again".</summary>
public sealed record SiteErrorFailure(int? ErrorCode, string Text) : ScrapeFailure
{
    public override FetchErrorCode Code => FetchErrorCode.SiteError;

    public override string Message => new ErrorPage(ErrorCode, Text).Message;
}

/// <summary>A page did not have the expected shape; <see cref="Page"/> says which and shows an excerpt.</summary>
public sealed record UnexpectedPageFailure(string Path, UnexpectedPage Page) : ScrapeFailure
{
    public override FetchErrorCode Code => FetchErrorCode.UnexpectedPage;

    public override string Message => $"{Path}: {Page.Message}";
}

/// <summary>DX NET could not be reached, answered an HTTP error (503 included), timed out or cut a body short.</summary>
public sealed record NetworkFailure(string Path, string Reason, int? HttpStatus) : ScrapeFailure
{
    public override FetchErrorCode Code => FetchErrorCode.Network;

    public override string Message => HttpStatus is { } status
        ? $"{Path}: HTTP {status} ({Reason})"
        : $"{Path}: {Reason}";
}
