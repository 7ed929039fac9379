using System.Collections.Concurrent;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// QuerySelector with each selector parsed once. AngleSharp parses the selector text on every call, which costs
/// several times the match itself on a small row: with 1,357 rows and eight queries a row, that parsing was most of
/// the score list's extraction time. Semantics are AngleSharp's own (matching is done by the parsed selector).
/// </summary>
internal static class Selectors
{
    private static readonly CssSelectorParser Parser = new();
    private static readonly ConcurrentDictionary<string, ISelector> Parsed = new(StringComparer.Ordinal);

    /// <summary>The first descendant of <paramref name="root"/> matching <paramref name="selector"/>, as QuerySelector.</summary>
    public static IElement? Find(this INode root, string selector) => root.ChildNodes.QuerySelector(Of(selector));

    /// <summary>Every descendant of <paramref name="root"/> matching <paramref name="selector"/>, in document order, as QuerySelectorAll.</summary>
    public static IHtmlCollection<IElement> FindAll(this INode root, string selector) => root.ChildNodes.QuerySelectorAll(Of(selector));

    private static ISelector Of(string selector) =>
        Parsed.GetOrAdd(selector, s => Parser.ParseSelector(s) ?? throw new ArgumentException($"'{s}' is not a selector.", nameof(selector)));
}
