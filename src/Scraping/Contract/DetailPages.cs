using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Scraping.Pages;

namespace Maimai.Scraping.Contract;

/// <summary>
/// One page of a fetch's detail phase, read after the snapshot is stored: a play's playlogDetail or a song's
/// musicDetail. The host keeps the queue of them in storage, so it survives the silo that planned it.
/// </summary>
public abstract record DetailPage
{
    private protected DetailPage()
    {
    }
}

/// <summary>
/// The playlogDetail page of one stored play. The idx's position moves as the player plays, so the page must show
/// the play asked for (<paramref name="Track"/>, <paramref name="ShownAt"/>, title, type, difficulty).
/// </summary>
public sealed record PlayDetailPage(PlaylogIdx Idx, int Track, DateTimeOffset ShownAt, string Title, ChartType Type, Difficulty Difficulty) : DetailPage;

/// <summary>The musicDetail page of one song and chart type (play counts and last played of each difficulty).</summary>
public sealed record MusicDetailPage(string Idx) : DetailPage;

/// <summary>
/// What one detail page gave: the play's detail, the song's charts, or an entry kept raw as a warning.
/// <paramref name="Moved"/>: the play's slot now holds another play (the player played since the record was read);
/// nothing was read, and the scraper reads no further play pages in this run.
/// </summary>
public sealed record DetailPageRead(DetailPage Page, PlayDetail? Play, MusicDetail? Music, RowWarning? Warning, bool Moved = false);

/// <summary>How a detail run ended; the newest session cookies either way.</summary>
public sealed record DetailReadResult(
    ScrapeFailure? Failure,
    IReadOnlyDictionary<string, string> SessionCookies,
    int RequestCount,
    IReadOnlyDictionary<FetchStage, int> PagesRequested);
