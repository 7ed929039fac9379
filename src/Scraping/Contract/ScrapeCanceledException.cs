namespace Maimai.Scraping.Contract;

/// <summary>
/// A scrape ended by its cancellation token. It carries <see cref="SessionCookies"/> as <see cref="ScrapeResult"/>
/// does: the site may have rotated the session before the cancel, and only the newest value may still work.
/// Callers that only care about cancellation catch <see cref="OperationCanceledException"/> as before.
/// </summary>
public sealed class ScrapeCanceledException : OperationCanceledException
{
    public ScrapeCanceledException(IReadOnlyDictionary<string, string> sessionCookies, Exception? innerException, CancellationToken token)
        : base("The scrape was canceled.", innerException, token) =>
        SessionCookies = sessionCookies ?? throw new ArgumentNullException(nameof(sessionCookies));

    public ScrapeCanceledException()
        : this("The scrape was canceled.")
    {
    }

    public ScrapeCanceledException(string message)
        : base(message) => SessionCookies = new Dictionary<string, string>(StringComparer.Ordinal);

    public ScrapeCanceledException(string message, Exception innerException)
        : base(message, innerException) => SessionCookies = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The newest session cookies when the scrape stopped; empty when none.</summary>
    public IReadOnlyDictionary<string, string> SessionCookies { get; }
}
