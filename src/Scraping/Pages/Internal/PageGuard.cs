using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// The checks every parser runs before reading fields: not empty, not a failure page, the expected page, and
/// complete (the footer with the SEGA logo is the last thing DX NET renders, so a truncated download lacks it).
/// Cheap substring checks on the raw text come first, so a wrong or truncated 1.5 MB page is refused without
/// building its DOM; the DOM checks after parsing are the authoritative ones.
/// </summary>
internal static class PageGuard
{
    public static bool TryOpen(string? html, DxNetPageKind expected, out IHtmlDocument document, out PageFailure? failure)
    {
        document = null!;
        if (string.IsNullOrWhiteSpace(html))
        {
            failure = new UnexpectedPage(expected, "the page is empty", string.Empty);
            return false;
        }

        var markers = PageMarkers.Of(html);
        failure = PageClassifier.DetectFailurePage(html, markers, out var parsed);
        if (failure is not null)
        {
            return false;
        }

        var rawKind = PageClassifier.RawKindOf(markers);
        if (rawKind != expected)
        {
            failure = WrongKind(expected, rawKind, html);
            return false;
        }

        if (!markers.HasFlag(PageMarker.Footer) || !markers.HasFlag(PageMarker.SegaLogo))
        {
            failure = Incomplete(expected);
            return false;
        }

        document = parsed ?? DxNetHtml.Load(html);
        if (!PageClassifier.IsKind(document, expected))
        {
            failure = WrongKind(expected, PageClassifier.KindOf(document), document.Title);
            return false;
        }

        if (ElementWalk.LastNamed(document.DocumentElement, "footer")?.Find("img[src*='logo_sega']") is null)
        {
            failure = Incomplete(expected);
            return false;
        }

        return true;
    }

    public static UnexpectedPage Fail(DxNetPageKind expected, string reason, IElement? near) =>
        new(expected, reason, PageText.Excerpt(near?.TextContent));

    private static UnexpectedPage Incomplete(DxNetPageKind expected) =>
        new(expected, "the page is incomplete (no footer): the download was cut short", string.Empty);

    private static UnexpectedPage WrongKind(DxNetPageKind expected, DxNetPageKind found, string? text) =>
        new(expected,
            found == DxNetPageKind.Unknown ? "this is not a maimai DX NET page this parser knows" : $"this is a {found} page",
            PageText.Excerpt(TitleOf(text)));

    // The <title> when there is one (cheap, and says which page it is), else the start of the text.
    private static string? TitleOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var start = text.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        var end = start < 0 ? -1 : text.IndexOf("</title>", start, StringComparison.OrdinalIgnoreCase);
        return start >= 0 && end > start ? text[(start + 7)..end] : text[..Math.Min(text.Length, 200)];
    }
}
