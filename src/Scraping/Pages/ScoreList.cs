using Maimai.Core.Game;

namespace Maimai.Scraping.Pages;

/// <summary>
/// A score list page: musicGenre/search (genre=99 gives every chart of one difficulty), musicLevel/search or
/// musicVersion/search. One row per chart, in page order.
/// </summary>
/// <param name="Warnings">The rows the parser could not read, kept raw (the summary counts them too).</param>
public sealed record ScoreListPage(LampCounts Summary, IReadOnlyList<ScoreListRow> Rows, IReadOnlyList<RowWarning> Warnings);

/// <summary>One chart's best score on a score list.</summary>
/// <param name="Heading">The section heading above the row: the genre on genre lists ("POPS＆ANIME", "POPS＆アニメ"),
/// the version on version lists ("UNiVERSE"), the level on level lists ("LEVEL 10").</param>
/// <param name="Level">The displayed level ("13+" is 13.7 by convention).</param>
/// <param name="Achievement">Null when the chart was never played; utage can exceed 101%.</param>
/// <param name="DxScore">Null when unplayed.</param>
/// <param name="MaxDxScore">Null when unplayed (the page hides it).</param>
/// <param name="Rank">Null when unplayed.</param>
/// <param name="MusicDetailIdx">The opaque idx of /record/musicDetail/ for this song.</param>
public sealed record ScoreListRow(
    string Heading,
    string Title,
    ChartType Type,
    Difficulty Difficulty,
    Level Level,
    Achievement? Achievement,
    int? DxScore,
    int? MaxDxScore,
    ComboLamp ComboLamp,
    SyncLamp SyncLamp,
    ScoreRank? Rank,
    string MusicDetailIdx)
{
    public bool IsPlayed => Achievement is not null;
}
