using AngleSharp.Html.Dom;
using Maimai.Core.Game;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>Reads the ScoreList page into a <see cref="ScoreListPage"/>.</summary>
public static class ScoreListPageParser
{
    private const DxNetPageKind Kind = DxNetPageKind.ScoreList;

    /// <summary>Parses the page's HTML; <paramref name="region"/> selects the site's labels.</summary>
    public static PageResult<ScoreListPage> Parse(string html, Region region)
    {
        if (!PageGuard.TryOpen(html, Kind, out var document, out var failure))
        {
            return failure!;
        }

        return Read(document, region);
    }

    /// <summary>Parses a page read from a stream (UTF-8).</summary>
    public static PageResult<ScoreListPage> Parse(Stream html, Region region) => Parse(DxNetHtml.Read(html), region);

    private static PageResult<ScoreListPage> Read(IHtmlDocument document, Region region)
    {
        _ = region;
        return PageGuard.Fail(Kind, "not implemented yet", document.Body);
    }
}
