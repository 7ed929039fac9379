using AngleSharp.Html.Dom;
using Maimai.Core.Game;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>Reads the MusicDetail page into a <see cref="MusicDetail"/>.</summary>
public static class MusicDetailPageParser
{
    private const DxNetPageKind Kind = DxNetPageKind.MusicDetail;

    /// <summary>Parses the page's HTML; <paramref name="region"/> selects the site's labels.</summary>
    public static PageResult<MusicDetail> Parse(string html, Region region)
    {
        if (!PageGuard.TryOpen(html, Kind, out var document, out var failure))
        {
            return failure!;
        }

        return Read(document, region);
    }

    /// <summary>Parses a page read from a stream (UTF-8).</summary>
    public static PageResult<MusicDetail> Parse(Stream html, Region region) => Parse(DxNetHtml.Read(html), region);

    private static PageResult<MusicDetail> Read(IHtmlDocument document, Region region)
    {
        _ = region;
        return PageGuard.Fail(Kind, "not implemented yet", document.Body);
    }
}
