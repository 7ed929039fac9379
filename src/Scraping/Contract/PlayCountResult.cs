namespace Maimai.Scraping.Contract;

/// <summary>
/// What one cheap look at DX NET said about the player's total play count (auto-refresh polls it): the count, or
/// a typed <see cref="Failure"/>. Either way <see cref="SessionCookies"/> holds the newest cookies to store.
/// </summary>
public sealed class PlayCountResult
{
    private PlayCountResult(int? totalPlayCount, ScrapeFailure? failure, IReadOnlyDictionary<string, string> cookies, int requests)
    {
        TotalPlayCount = totalPlayCount;
        Failure = failure;
        SessionCookies = cookies;
        RequestCount = requests;
    }

    /// <summary>The total play count playerData shows; null exactly when <see cref="Failure"/> is set.</summary>
    public int? TotalPlayCount { get; }

    public ScrapeFailure? Failure { get; }

    /// <summary>The newest session cookies (the site rotates userId on every response); empty when none.</summary>
    public IReadOnlyDictionary<string, string> SessionCookies { get; }

    /// <summary>HTTP requests sent, login and redirects included.</summary>
    public int RequestCount { get; }

    public static PlayCountResult Read(int totalPlayCount, IReadOnlyDictionary<string, string> cookies, int requests) =>
        new(totalPlayCount, null, cookies ?? throw new ArgumentNullException(nameof(cookies)), requests);

    public static PlayCountResult Fail(ScrapeFailure failure, IReadOnlyDictionary<string, string> cookies, int requests) =>
        new(null, failure ?? throw new ArgumentNullException(nameof(failure)), cookies ?? throw new ArgumentNullException(nameof(cookies)), requests);

    public override string ToString() => Failure is null ? $"{TotalPlayCount} plays ({RequestCount} requests)" : $"{Failure.Code}: {Failure.Message}";
}
