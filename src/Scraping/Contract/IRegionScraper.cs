using Maimai.Core.Game;
using Maimai.Scraping.Pages;

namespace Maimai.Scraping.Contract;

/// <summary>
/// Reads one region's maimai DX NET for one player. A plugin provides one per region; the host calls it from
/// the fetch pipeline. Implementations are safe to call concurrently for different players (all per-fetch
/// state, cookies included, lives in the call).
/// </summary>
public interface IRegionScraper
{
    /// <summary>The site this scraper reads.</summary>
    Region Region { get; }

    /// <summary>
    /// Fetches what changed since <see cref="ScrapeRequest.Known"/>. Never throws for site or network trouble:
    /// those come back as <see cref="ScrapeResult.Failure"/>. Only cancellation through
    /// <paramref name="cancellationToken"/> ends it with an <see cref="OperationCanceledException"/>, preferably a
    /// <see cref="ScrapeCanceledException"/> that carries the newest session cookies.
    /// </summary>
    Task<ScrapeResult> ScrapeAsync(ScrapeRequest request, IProgress<ScrapeProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// True when <see cref="ReadDetailsAsync"/> reads detail pages, so a fetch can store its snapshot after the
    /// score lists and record (<see cref="ScrapeRequest.DetailsLater"/>) and read the detail afterwards.
    /// </summary>
    bool ReadsDetailsLater => false;

    /// <summary>
    /// Reads <paramref name="pages"/> in order, one request each (plus a login when the session lapsed), and hands
    /// each to <paramref name="store"/> before the next request, so the host commits as it goes; when it answers
    /// false (the host is stopping) no further page is requested. Never throws for
    /// site or network trouble (<see cref="DetailReadResult.Failure"/>); cancellation ends it with a
    /// <see cref="ScrapeCanceledException"/> carrying the newest cookies.
    /// </summary>
    Task<DetailReadResult> ReadDetailsAsync(DxNetSession session, IReadOnlyList<DetailPage> pages, Func<DetailPageRead, Task<bool>> store, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This plugin reads no detail pages on their own.");

    /// <summary>
    /// Checks a token the player is about to save with as few requests as the site allows (one page, plus the login
    /// gateway for a clal token), under the same rules as a fetch (request timeout, the maintenance window). Never
    /// throws for site or network trouble; only cancellation ends it with an <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<TokenCheckResult> CheckTokenAsync(MaimaiToken token, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a stored <see cref="RowWarning"/> again with this build's row parsers, so entries an older build could
    /// not read are recovered once a plugin that can is loaded. A scraper without row parsers says so.
    /// </summary>
    RowReparse Reparse(RowWarning warning) => new(null, null, null, "this plugin does not re-read stored rows");

    /// <summary>
    /// Reads the player's total play count with one page (playerData; plus the login gateway when the stored
    /// session has lapsed), under the same rules as a fetch. Auto-refresh polls it to fetch only when it moved.
    /// Never throws for site or network trouble; only cancellation ends it with an <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<PlayCountResult> ReadPlayCountAsync(DxNetSession session, CancellationToken cancellationToken);
}

/// <summary>
/// The plugin entry point: the host's loader creates each public, non-abstract implementation with its public
/// parameterless constructor, then asks it for the region's scraper.
/// </summary>
public interface IRegionScraperFactory
{
    Region Region { get; }

    /// <summary>Builds the scraper. <paramref name="options"/> come from the host's configuration section for the region.</summary>
    IRegionScraper Create(ScraperOptions options, TimeProvider timeProvider);
}
