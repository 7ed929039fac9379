using AngleSharp.Html.Dom;
using Maimai.Core.Game;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>Reads the recent plays (/maimai-mobile/record/) into a <see cref="RecordPage"/>, newest first.</summary>
public static class RecordPageParser
{
    private const DxNetPageKind Kind = DxNetPageKind.Record;

    /// <summary>Parses the page's HTML. Both sites share the markup; <paramref name="region"/> is kept for symmetry.</summary>
    public static PageResult<RecordPage> Parse(string html, Region region)
    {
        _ = region;
        return PageGuard.TryOpen(html, Kind, out var document, out var failure) ? Read(document) : failure!;
    }

    /// <summary>Parses a page read from a stream (UTF-8).</summary>
    public static PageResult<RecordPage> Parse(Stream html, Region region) => Parse(DxNetHtml.Read(html), region);

    private static PageResult<RecordPage> Read(IHtmlDocument document)
    {
        var entries = new List<RecordEntry>(50);
        foreach (var top in document.QuerySelectorAll(".playlog_top_container"))
        {
            if (!RecordEntryReader.TryRead(top, out var entry, out var problem))
            {
                return PageGuard.Fail(Kind, problem, top.ParentElement);
            }

            if (entry.Idx is null)
            {
                return PageGuard.Fail(Kind, "a play has no playlogDetail idx", top.ParentElement);
            }

            entries.Add(entry);
        }

        return new RecordPage(entries);
    }
}
