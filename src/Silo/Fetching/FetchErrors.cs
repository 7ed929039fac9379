using Maimai.Core.Fetching;
using Maimai.Scraping.Contract;

namespace Maimai.Silo.Fetching;

/// <summary>
/// The messages a player reads when a fetch fails, beside its <see cref="FetchErrorCode"/> (Core's, the one
/// vocabulary; the fetch row stores it as text). Scraper failures carry technical detail (a path, an HTTP status);
/// that goes to the log, the player gets a sentence that says what to do.
/// </summary>
public static class FetchErrors
{
    public const string TokenExpiredMessage = "Your maimai DX NET login has expired. Save a new token and try again.";
    public const string TokenUnreadableMessage = "Your saved maimai DX NET token can no longer be read. Save it again and try again.";
    public const string TokenMissingMessage = "No maimai DX NET token is saved for this region. Save one and try again.";
    public const string NodeLostMessage = "The server running this fetch stopped responding (node lost); nothing was saved. Try again.";
    public const string DatabaseMessage = "The fetch could not be saved because the database was unavailable; nothing was saved. Try again.";
    public const string InternalMessage = "Something went wrong on our side while fetching; nothing was saved. Try again.";
    public const string ShutdownMessage = "The server was restarted during the fetch; nothing was saved. Try again.";
    public const string AdminStoppedMessage = "An admin stopped this fetch; nothing was saved. Try again.";
    public const string RegionMessage = "Fetching from this region's site is not available on the server right now.";

    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    /// <summary>The code (the failure's own) and the player's message for a scraper failure.</summary>
    public static (FetchErrorCode Code, string Message) For(ScrapeFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var message = failure switch
        {
            MaintenanceFailure { EndsAt: { } end } => $"maimai DX NET is in maintenance until {end.ToOffset(Japan):HH:mm} JST; try again after that.",
            MaintenanceFailure => "maimai DX NET is in maintenance; try again later.",
            TokenExpiredFailure => TokenExpiredMessage,
            SiteErrorFailure { ErrorCode: { } code } => $"maimai DX NET answered with an error (ERROR CODE {code}); try again later.",
            SiteErrorFailure => "maimai DX NET answered with an error; try again later.",
            UnexpectedPageFailure => "maimai DX NET sent a page we could not read (the site may have changed); nothing was saved. Try again later.",
            NetworkFailure => "maimai DX NET could not be reached or stopped answering; nothing was saved. Try again later.",
            _ => InternalMessage,
        };
        return (failure.Code, message);
    }
}
