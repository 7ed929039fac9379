using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Maimai.Core.Game;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>
/// Reads the rating target page (/home/ratingTargetMusic/) into a <see cref="RatingTargetPage"/>. Its four
/// sections always come in the same order (new, others, selection new, selection others), so they are told
/// apart by position: the headings' wording differs between the sites.
/// </summary>
public static class RatingTargetPageParser
{
    private const DxNetPageKind Kind = DxNetPageKind.RatingTarget;
    private const int SectionCount = 4;

    /// <summary>Parses the page's HTML. Both sites share the markup; <paramref name="region"/> is kept for symmetry.</summary>
    public static PageResult<RatingTargetPage> Parse(string html, Region region)
    {
        _ = region;
        return PageGuard.TryOpen(html, Kind, out var document, out var failure) ? Read(document) : failure!;
    }

    /// <summary>Parses a page read from a stream (UTF-8).</summary>
    public static PageResult<RatingTargetPage> Parse(Stream html, Region region) => Parse(DxNetHtml.Read(html), region);

    private static PageResult<RatingTargetPage> Read(IHtmlDocument document)
    {
        if (!PageText.TryInt(document.Find(".basic_block .rating_block")?.TextContent ?? string.Empty, out var rating))
        {
            return PageGuard.Fail(Kind, "unreadable rating", document.Find(".basic_block"));
        }

        var sections = new List<List<RatingTargetEntry>>(SectionCount);
        // Section headings and chart rows in page order, walked once (a row's own elements are left to its reader).
        var cursor = new ElementCursor(document.DocumentElement);
        var descend = true;
        while (cursor.MoveNext(descend))
        {
            var element = cursor.Current!;
            descend = true;
            if (element.LocalName == "div" && ElementWalk.HasClass(element, "screw_block"))
            {
                sections.Add([]);
                continue;
            }

            if (!ChartCells.IsChartRow(element))
            {
                continue;
            }

            descend = false;

            if (sections.Count == 0)
            {
                return PageGuard.Fail(Kind, "a chart comes before any section heading", element);
            }

            if (!TryReadEntry(element, cursor.NextSibling, out var entry, out var problem))
            {
                return PageGuard.Fail(Kind, problem, element);
            }

            sections[^1].Add(entry);
        }

        if (sections.Count != SectionCount)
        {
            return PageGuard.Fail(Kind, $"expected {SectionCount} sections, found {sections.Count}", document.Body);
        }

        return new RatingTargetPage(rating, sections[0], sections[1], sections[2], sections[3]);
    }

    private static bool TryReadEntry(IElement row, IElement? next, out RatingTargetEntry entry, out string problem)
    {
        entry = null!;
        if (!ChartCells.TryDifficultyFromClass(row, out var difficulty) || !ChartCells.DifficultyImageAgrees(row, difficulty))
        {
            problem = "unknown difficulty";
            return false;
        }

        if (!ChartCells.TryLevel(row.Find(".music_lv_block")?.TextContent, difficulty, out var level))
        {
            problem = "unreadable level";
            return false;
        }

        var title = PageText.Clean(row.Find(".music_name_block")?.TextContent);
        if (title.Length == 0 || !ChartCells.TryChartType(row, next, out var type) || !ChartCells.TryIdx(row, out var idx))
        {
            problem = "no title, STD/DX icon or musicDetail idx";
            return false;
        }

        // "&nbsp;100.5320%" followed by the rank image block.
        var score = row.Find(".music_score_block");
        if (score is null || !Achievement.TryParse(PageText.OwnText(score), out var achievement))
        {
            problem = "unreadable achievement";
            return false;
        }

        if (!Icons.TryRank(PageText.FileName(score.Find("img.ratingtarget_scorerank_img")?.GetAttribute("src")), out var rank))
        {
            problem = "unknown rank icon";
            return false;
        }

        entry = new RatingTargetEntry(title, type, difficulty, level, achievement, rank, idx);
        problem = string.Empty;
        return true;
    }
}
