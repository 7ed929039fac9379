using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// The checks every parser runs before reading fields: not empty, not a failure page, complete (the footer with
/// the SEGA logo is the last thing DX NET renders, so a truncated download lacks it), and the expected page.
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

        document = DxNetHtml.Load(html);
        failure = PageClassifier.DetectFailurePage(html, document);
        if (failure is not null)
        {
            return false;
        }

        var kind = PageClassifier.KindOf(document);
        if (kind != expected)
        {
            failure = new UnexpectedPage(
                expected,
                kind == DxNetPageKind.Unknown ? "this is not a maimai DX NET page this parser knows" : $"this is a {kind} page",
                PageText.Excerpt(document.Title is { Length: > 0 } title ? title : document.Body?.TextContent));
            return false;
        }

        if (document.QuerySelector("footer img[src*='logo_sega']") is null)
        {
            failure = new UnexpectedPage(expected, "the page is incomplete (no footer): the download was cut short", string.Empty);
            return false;
        }

        return true;
    }

    public static UnexpectedPage Fail(DxNetPageKind expected, string reason, IElement? near) =>
        new(expected, reason, PageText.Excerpt(near?.TextContent));
}
