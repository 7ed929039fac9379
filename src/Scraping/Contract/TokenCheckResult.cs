namespace Maimai.Scraping.Contract;

/// <summary>
/// What one cheap request to DX NET said about a token: accepted (with the session cookies it handed out, since
/// the site rotates userId and the old value may already be stale), or a typed <see cref="Failure"/>.
/// </summary>
public sealed class TokenCheckResult
{
    private TokenCheckResult(ScrapeFailure? failure, IReadOnlyDictionary<string, string> cookies, int requests)
    {
        Failure = failure;
        SessionCookies = cookies;
        RequestCount = requests;
    }

    /// <summary>Null when the site accepted the token.</summary>
    public ScrapeFailure? Failure { get; }

    public bool IsValid => Failure is null;

    /// <summary>The site refused the token (expired or wrong): the player must copy a fresh one.</summary>
    public bool IsRejected => Failure is TokenExpiredFailure;

    /// <summary>The site could not say (maintenance, network, an error or unexpected page): try again later.</summary>
    public bool IsSiteUnavailable => Failure is not null and not TokenExpiredFailure;

    /// <summary>The site's session cookies after the check; empty unless valid.</summary>
    public IReadOnlyDictionary<string, string> SessionCookies { get; }

    /// <summary>HTTP requests sent, login and redirects included.</summary>
    public int RequestCount { get; }

    public static TokenCheckResult Valid(IReadOnlyDictionary<string, string> cookies, int requests) =>
        new(null, cookies ?? throw new ArgumentNullException(nameof(cookies)), requests);

    public static TokenCheckResult Fail(ScrapeFailure failure, int requests) =>
        new(failure ?? throw new ArgumentNullException(nameof(failure)), new Dictionary<string, string>(StringComparer.Ordinal), requests);

    public override string ToString() => Failure is null ? $"Valid ({RequestCount} requests)" : $"{Failure.Code}: {Failure.Message}";
}
