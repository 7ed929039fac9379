using System.Collections;
using System.Collections.Concurrent;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// QuerySelector with each selector parsed once. AngleSharp parses the selector text on every call, which costs
/// several times the match itself on a small row: with 1,357 rows and eight queries a row, that parsing was most of
/// the score list's extraction time. The selectors the parsers use (<see cref="PlainSelector"/>) are matched here,
/// without allocating: AngleSharp's class match builds a token list for every element it visits, which made a query
/// over a fresh page cost a tenth of the page's own parse. Any other selector is AngleSharp's.
/// </summary>
internal static class Selectors
{
    private static readonly CssSelectorParser Parser = new();
    private static readonly ConcurrentDictionary<string, object> Parsed = new(StringComparer.Ordinal);

    /// <summary>The first descendant of <paramref name="root"/> matching <paramref name="selector"/>, as QuerySelector.</summary>
    public static IElement? Find(this INode root, string selector) => Of(selector) switch
    {
        PlainSelector plain => First(root, plain),
        var parsed => root.ChildNodes.QuerySelector((ISelector)parsed),
    };

    /// <summary>Every descendant of <paramref name="root"/> matching <paramref name="selector"/>, in document order, as QuerySelectorAll.</summary>
    public static IHtmlCollection<IElement> FindAll(this INode root, string selector)
    {
        if (Of(selector) is not PlainSelector plain)
        {
            return root.ChildNodes.QuerySelectorAll((ISelector)Of(selector));
        }

        var found = new ElementList();
        Collect(root, plain, found);
        return found;
    }

    private static IElement? First(INode parent, PlainSelector selector)
    {
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            if (children[i] is not IElement element)
            {
                continue;
            }

            if (selector.Matches(element))
            {
                return element;
            }

            if (First(element, selector) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static void Collect(INode parent, PlainSelector selector, ElementList found)
    {
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            if (children[i] is IElement element)
            {
                if (selector.Matches(element))
                {
                    found.Add(element);
                }

                Collect(element, selector, found);
            }
        }
    }

    private static object Of(string selector) =>
        Parsed.GetOrAdd(selector, s => PlainSelector.TryParse(s)
            ?? (object?)Parser.ParseSelector(s)
            ?? throw new ArgumentException($"'{s}' is not a selector.", nameof(selector)));

    /// <summary>A query's answer, as AngleSharp's own collection type.</summary>
    private sealed class ElementList : IHtmlCollection<IElement>
    {
        private readonly List<IElement> _elements = [];

        public int Length => _elements.Count;

        public IElement this[int index] => _elements[index];

        public IElement? this[string id] => _elements.Find(e => e.Id == id || e.GetAttribute("name") == id);

        public void Add(IElement element) => _elements.Add(element);

        public IEnumerator<IElement> GetEnumerator() => _elements.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
