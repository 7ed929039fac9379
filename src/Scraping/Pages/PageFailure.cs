namespace Maimai.Scraping.Pages;

/// <summary>
/// Why a DX NET page could not be parsed. A closed hierarchy: the fetch pipeline switches on it to decide
/// between "wait for the maintenance window to end", "ask the player for a new token" and "report a bug".
/// </summary>
public abstract record PageFailure
{
    private protected PageFailure()
    {
    }

    /// <summary>A one-line, human-readable reason (used by the CLI and in fetch failure messages).</summary>
    public abstract string Message { get; }
}

/// <summary>The daily maintenance page (04:00 to 07:00 JST) or an HTTP 503.</summary>
public sealed record MaintenancePage : PageFailure
{
    public override string Message => "maimai DX NET is under maintenance.";
}

/// <summary>
/// The /maimai-mobile/error/ page with an error code other than a lost session, e.g. 200002
/// ("The connection time has been expired. Please try again later.").
/// </summary>
public sealed record ErrorPage(int? Code, string Description) : PageFailure
{
    public override string Message => $"maimai DX NET error {Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(no code)"}: {Description}";
}

/// <summary>
/// The session token no longer works: error code 100001 ("Please login again") or the login page itself.
/// The player must give a new token; retrying will not help.
/// </summary>
public sealed record SessionExpired(int? Code, string Description) : PageFailure
{
    /// <summary>The error code DX NET shows for a session that must log in again.</summary>
    public const int LoginAgainCode = 100001;

    public override string Message => $"The maimai DX NET session has expired ({Description}).";
}

/// <summary>
/// Anything else: a different page than expected, a truncated download, garbage, or markup this parser does
/// not understand. <see cref="Excerpt"/> is a short piece of the offending text for the log.
/// </summary>
public sealed record UnexpectedPage(DxNetPageKind Expected, string Reason, string Excerpt) : PageFailure
{
    public override string Message => Excerpt.Length == 0
        ? $"Not a readable {Expected} page: {Reason}."
        : $"Not a readable {Expected} page: {Reason} (near \"{Excerpt}\").";
}
