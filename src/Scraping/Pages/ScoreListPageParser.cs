using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Maimai.Core.Game;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>
/// Reads a score list (musicGenre, musicLevel or musicVersion search) into a <see cref="ScoreListPage"/>:
/// one row per chart, unplayed charts included. A row it cannot read becomes a <see cref="RowWarning"/> (with its
/// heading, so it can be read again alone); a page where most rows are unreadable fails.
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

    private const string RowSelector = "div[class*='_score_back']";

    /// <summary>Reads one stored row (a <see cref="RowWarning.Fragment"/>: its heading, then the row) with today's rules.</summary>
    internal static bool TryReadFragment(string fragment, out ScoreListRow? row, out string problem)
    {
        row = null;
        var document = DxNetHtml.Load(fragment);
        var heading = PageText.Clean(document.Find("div.screw_block")?.TextContent);
        var rows = document.FindAll(RowSelector);
        if (heading.Length == 0 || rows.Length != 1)
        {
            problem = $"expected a heading and one row, found {rows.Length} rows";
            return false;
        }

        if (!ScoreRowReader.TryRead(rows[0], rows[0].NextElementSibling, heading, out row, out var reason))
        {
            problem = reason;
            return false;
        }

        problem = string.Empty;
        return true;
    }

    private static PageResult<ScoreListPage> Read(IHtmlDocument document)
    {
        var table = document.Find("table.music_scorelist_table");
        var counts = new LampCountsReader();
        foreach (var cell in table!.FindAll("td"))
        {
            var icon = cell.Find("img");
            var counter = cell.Find("div.f_10");
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
        var warnings = new List<RowWarning>();
        string? heading = null;
        IElement? headingBlock = null;
        // Headings and rows in page order: div.screw_block, and divs with a class containing "_score_back" (as the
        // selector div[class*='_score_back']), walked once; a row's own elements are left to its reader.
        var cursor = new ElementCursor(document.DocumentElement);
        var descend = true;
        while (cursor.MoveNext(descend))
        {
            var element = cursor.Current!;
            descend = true;
            if (element.LocalName != "div")
            {
                continue;
            }

            if (ElementWalk.HasClass(element, "screw_block"))
            {
                heading = PageText.Clean(element.TextContent);
                headingBlock = element;
                continue;
            }

            if (!ChartCells.IsChartRow(element))
            {
                continue;
            }

            descend = false;
            if (heading is null)
            {
                return PageGuard.Fail(Kind, "a score row comes before any heading", element);
            }

            if (!ScoreRowReader.TryRead(element, cursor.NextSibling, heading, out var row, out var reason))
            {
                warnings.Add(new RowWarning(Kind, reason, RawFragment.Of(headingBlock, RowTolerance.Wrapper(element, RowSelector))));
                continue;
            }

            rows.Add(row);
        }

        if (RowTolerance.TooMany(rows.Count, warnings.Count))
        {
            return PageGuard.Fail(Kind, $"{warnings.Count} of {rows.Count + warnings.Count} rows are unreadable, first: {warnings[0].Reason}", table);
        }

        // The summary's denominators count every row the page lists, unreadable ones too: a mismatch means rows were lost.
        if (rows.Count + warnings.Count != summary.Total)
        {
            return PageGuard.Fail(Kind, $"the page lists {rows.Count + warnings.Count} rows but its summary counts {summary.Total}", table);
        }

        return new ScoreListPage(summary, rows, warnings);
    }
}
