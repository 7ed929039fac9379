using AngleSharp.Dom;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// Walks elements in document order by their links, allocating nothing (AngleSharp's Descendants allocates an
/// enumerator per level), and reads class tokens in place (ClassList allocates a token list per element). The score
/// lists hold 60,000 elements, so this is where parsing overhead goes.
/// </summary>
internal static class ElementWalk
{
    /// <summary>The element after <paramref name="element"/> under <paramref name="root"/>, its children first; null at the end.</summary>
    public static IElement? Next(IElement root, IElement element) => element.FirstElementChild ?? After(root, element);

    /// <summary>The element after <paramref name="element"/> and all its children under <paramref name="root"/>; null at the end.</summary>
    public static IElement? After(IElement root, IElement element)
    {
        for (var at = element; at is not null && at != root; at = at.ParentElement)
        {
            if (at.NextElementSibling is { } sibling)
            {
                return sibling;
            }
        }

        return null;
    }

    /// <summary>
    /// The last element named <paramref name="localName"/> under <paramref name="root"/>, searched from the end: the
    /// footer closes every page, so this stops after a few elements where a selector query walks the whole page.
    /// </summary>
    public static IElement? LastNamed(IElement root, string localName)
    {
        for (var child = root.LastElementChild; child is not null; child = child.PreviousElementSibling)
        {
            if (LastNamed(child, localName) is { } found)
            {
                return found;
            }

            if (child.LocalName == localName)
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>True when the class attribute holds <paramref name="name"/> as a whole token.</summary>
    public static bool HasClass(IElement element, string name)
    {
        var classes = element.GetAttribute("class").AsSpan();
        foreach (var range in classes.SplitAny(" \t\r\n\f"))
        {
            if (classes[range].SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }
}
