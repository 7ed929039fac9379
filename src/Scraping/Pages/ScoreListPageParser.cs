using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Maimai.Core.Game;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>
/// Reads a score list (musicGenre, musicLevel or musicVersion search) into a <see cref="ScoreListPage"/>:
/// one row per chart, unplayed charts included. Any row it cannot read fails the whole page.
/// </summary>
public static class ScoreListPageParser
{
    private const DxNetPageKind Kind = DxNetPageKind.ScoreList;

    /// <summary>Parses the page's HTML. Both sites share the markup; <paramref name="region"/> is kept for symmetry.</summary>
    public static PageResult<ScoreListPage> Parse(string html, Region region)
    {
        _ = region;
        return PageGuard.TryOpen(html, Kind, out var document, out var failure) ? Read(document) : failure!;
    }

    /// <summary>Parses a page read from a stream (UTF-8).</summary>
    public static PageResult<ScoreListPage> Parse(Stream html, Region region) => Parse(DxNetHtml.Read(html), region);

    private static PageResult<ScoreListPage> Read(IHtmlDocument document)
    {
        var table = document.QuerySelector("table.music_scorelist_table");
        var counts = new LampCountsReader();
        foreach (var cell in table!.QuerySelectorAll("td"))
        {
            var icon = cell.QuerySelector("img");
            var counter = cell.QuerySelector("div.f_10");
            if (counter is null)
            {
                continue;
            }

            if (!counts.TryAdd(PageText.FileName(icon?.GetAttribute("src")), counter.TextContent, out var problem))
            {
                return PageGuard.Fail(Kind, problem, cell);
            }
        }

        if (!counts.TryBuild(out var summary, out var missing))
        {
            return PageGuard.Fail(Kind, missing, table);
        }

        var rows = new List<ScoreListRow>(summary.Total);
        string? heading = null;
        foreach (var element in document.QuerySelectorAll("div.screw_block, div[class*='_score_back']"))
        {
            if (element.ClassList.Contains("screw_block"))
            {
                heading = PageText.Clean(element.TextContent);
                continue;
            }

            if (heading is null)
            {
                return PageGuard.Fail(Kind, "a score row comes before any heading", element);
            }

            if (!ScoreRowReader.TryRead(element, heading, out var row, out var reason))
            {
                return PageGuard.Fail(Kind, reason, element);
            }

            rows.Add(row);
        }

        // The summary's denominators count every row the page lists: a mismatch means rows were lost.
        if (rows.Count != summary.Total)
        {
            return PageGuard.Fail(Kind, $"the page lists {rows.Count} rows but its summary counts {summary.Total}", table);
        }

        return new ScoreListPage(summary, rows);
    }
}
