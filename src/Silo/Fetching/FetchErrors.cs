using Maimai.Core.Fetching;
using Maimai.Scraping.Contract;
using FetchErrorCode = Maimai.Core.Fetching.FetchErrorCode;

namespace Maimai.Silo.Fetching;

/// <summary>
/// The stable error codes stored in fetch_sessions.error_code, and the messages a player reads. Scraper
/// failures carry technical detail (a path, an HTTP status); that goes to the log, the player gets a sentence
/// that says what to do.
/// </summary>
public static class FetchErrors
{
    public const string Maintenance = "MAINTENANCE";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string SiteError = "SITE_ERROR";
    public const string UnexpectedPage = "UNEXPECTED_PAGE";
    public const string Network = "NETWORK";
    public const string Internal = "INTERNAL";
    public const string NodeLost = "NODE_LOST";

    public const string TokenExpiredMessage = "Your maimai DX NET login has expired. Save a new token and try again.";
    public const string TokenUnreadableMessage = "Your saved maimai DX NET token can no longer be read. Save it again and try again.";
    public const string TokenMissingMessage = "No maimai DX NET token is saved for this region. Save one and try again.";
    public const string NodeLostMessage = "The server running this fetch stopped responding (node lost); nothing was saved. Try again.";
    public const string DatabaseMessage = "The fetch could not be saved because the database was unavailable; nothing was saved. Try again.";
    public const string InternalMessage = "Something went wrong on our side while fetching; nothing was saved. Try again.";
    public const string ShutdownMessage = "The server was restarted during the fetch; nothing was saved. Try again.";
    public const string RegionMessage = "Fetching from this region's site is not available on the server right now.";

    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    /// <summary>The stored code and the player's message for a scraper failure.</summary>
    public static (string Code, string Message) For(ScrapeFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure switch
        {
            MaintenanceFailure { EndsAt: { } end } => (Maintenance,
                $"maimai DX NET is in maintenance until {end.ToOffset(Japan):HH:mm} JST; try again after that."),
            MaintenanceFailure => (Maintenance, "maimai DX NET is in maintenance; try again later."),
            TokenExpiredFailure => (TokenExpired, TokenExpiredMessage),
            SiteErrorFailure e => (SiteError, e.ErrorCode is { } code
                ? $"maimai DX NET answered with an error (ERROR CODE {code}); try again later."
                : "maimai DX NET answered with an error; try again later."),
            UnexpectedPageFailure => (UnexpectedPage,
                "maimai DX NET sent a page we could not read (the site may have changed); nothing was saved. Try again later."),
            NetworkFailure => (Network, "maimai DX NET could not be reached or stopped answering; nothing was saved. Try again later."),
            _ => (Internal, InternalMessage),
        };
    }

    /// <summary>The code the API exposes for a stored code; unknown codes read as <see cref="FetchErrorCode.Internal"/>.</summary>
    public static FetchErrorCode Parse(string? code) => code switch
    {
        null or "" => FetchErrorCode.None,
        Maintenance => FetchErrorCode.Maintenance,
        TokenExpired => FetchErrorCode.TokenExpired,
        SiteError => FetchErrorCode.SiteError,
        UnexpectedPage => FetchErrorCode.UnexpectedPage,
        Network => FetchErrorCode.Network,
        NodeLost => FetchErrorCode.NodeLost,
        _ => FetchErrorCode.Internal,
    };
}
