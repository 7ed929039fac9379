namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// How many unreadable entries a page may hold before it counts as a page we do not understand: an odd row is a
/// warning, but when most rows are odd the site's markup has changed and the fetch must fail, not store a husk.
/// </summary>
internal static class RowTolerance
{
    /// <summary>Up to this many unreadable entries are always warnings, whatever else the page holds.</summary>
    public const int AlwaysTolerated = 3;

    public static bool TooMany(int read, int unreadable) => unreadable > AlwaysTolerated && unreadable > read;

    /// <summary>The element that holds one entry and nothing else: its parent when that wraps it alone.</summary>
    public static AngleSharp.Dom.IElement Wrapper(AngleSharp.Dom.IElement entry, string selector)
    {
        var parent = entry.ParentElement;
        return parent is not null && parent.LocalName == "div" && parent.FindAll(selector).Length == 1 ? parent : entry;
    }
}
