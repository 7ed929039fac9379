using Maimai.Core.Fetching;
using Maimai.Core.Players;
using Maimai.Scraping.Pages;

namespace Maimai.Scraping.Contract;

/// <summary>
/// How a scrape ended: <see cref="Data"/> on success, or a typed <see cref="Failure"/>. Either way
/// <see cref="SessionCookies"/> holds the newest DX NET cookies to store for the next fetch.
/// </summary>
public sealed class ScrapeResult
{
    private static readonly IReadOnlyDictionary<FetchStage, int> NoPages = new Dictionary<FetchStage, int>();

    private ScrapeResult(ScrapedData? data, ScrapeFailure? failure, IReadOnlyDictionary<string, string> cookies, int requests, IReadOnlyDictionary<FetchStage, int>? pages)
    {
        Data = data;
        Failure = failure;
        SessionCookies = cookies;
        RequestCount = requests;
        PagesRequested = pages ?? NoPages;
    }

    /// <summary>Everything read; null exactly when <see cref="Failure"/> is set.</summary>
    public ScrapedData? Data { get; }

    public ScrapeFailure? Failure { get; }

    /// <summary>The newest session cookies (the site rotates userId on every response); empty when none.</summary>
    public IReadOnlyDictionary<string, string> SessionCookies { get; }

    /// <summary>HTTP requests sent, login and redirects included.</summary>
    public int RequestCount { get; }

    /// <summary>
    /// The same requests by what the fetch was reading when it sent them (a redirect counts under the page that
    /// caused it; the gateway under Login). Empty when the scraper does not say.
    /// </summary>
    public IReadOnlyDictionary<FetchStage, int> PagesRequested { get; }

    public static ScrapeResult Success(ScrapedData data, IReadOnlyDictionary<string, string> cookies, int requests, IReadOnlyDictionary<FetchStage, int>? pagesRequested = null) =>
        new(data ?? throw new ArgumentNullException(nameof(data)), null, cookies, requests, pagesRequested);

    public static ScrapeResult Fail(ScrapeFailure failure, IReadOnlyDictionary<string, string> cookies, int requests, IReadOnlyDictionary<FetchStage, int>? pagesRequested = null) =>
        new(null, failure ?? throw new ArgumentNullException(nameof(failure)), cookies, requests, pagesRequested);

    public override string ToString() => Failure is null ? $"Success ({RequestCount} requests)" : $"{Failure.Code}: {Failure.Message}";
}

/// <summary>What one successful scrape read.</summary>
/// <param name="Scores">Every row of the six score lists, or <see cref="ChartScores.Unchanged"/> when the play count had not moved.</param>
/// <param name="Record">The recent plays page, newest first; null when skipped with the score lists.</param>
/// <param name="NewPlays">The detail of each recent play not in <see cref="KnownState.StoredPlays"/>, newest first.</param>
/// <param name="MusicDetails">One page per song (and chart type) with a chart whose best changed.</param>
/// <param name="Warnings">Every entry of these pages that could not be read, scrubbed of secrets; none of them is in the data above.</param>
public sealed record ScrapedData(
    PlayerProfile Profile,
    ChartScores Scores,
    RecordPage? Record,
    IReadOnlyList<PlayDetail> NewPlays,
    IReadOnlyList<MusicDetail> MusicDetails,
    IReadOnlyList<RowWarning> Warnings);

/// <summary>The score lists of one scrape: every chart row (played or not) and which charts changed.</summary>
public sealed record ChartScores(
    bool IsUnchanged,
    IReadOnlyList<ScoreListRow> Rows,
    IReadOnlyList<ChartKey> Changed)
{
    /// <summary>The play count did not move, so the score lists were not read: every stored score still holds.</summary>
    public static readonly ChartScores Unchanged = new(true, [], []);

    /// <summary>The key a row is stored under.</summary>
    public static ChartKey KeyOf(ScoreListRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ChartKey(row.Heading, row.Title, row.Type, row.Difficulty);
    }
}
