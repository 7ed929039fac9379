using AngleSharp.Dom;
using Maimai.Core.Game;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>
/// Reads the recent plays (/maimai-mobile/record/) into a <see cref="RecordPage"/>, newest first. An entry it cannot
/// read becomes a <see cref="RowWarning"/> (never a guessed play); a page where most entries are unreadable fails.
/// </summary>
public static class RecordPageParser
{
    private const DxNetPageKind Kind = DxNetPageKind.Record;
    private const string EntrySelector = ".playlog_top_container";

    /// <summary>Parses the page's HTML. Both sites share the markup; <paramref name="region"/> is kept for symmetry.</summary>
    public static PageResult<RecordPage> Parse(string html, Region region)
    {
        _ = region;
        return PageGuard.TryOpen(html, Kind, out var document, out var failure) ? Read(document) : failure!;
    }

    /// <summary>Parses a page read from a stream (UTF-8).</summary>
    public static PageResult<RecordPage> Parse(Stream html, Region region) => Parse(DxNetHtml.Read(html), region);

    /// <summary>Reads one stored entry (a <see cref="RowWarning.Fragment"/>) with today's rules.</summary>
    internal static bool TryReadFragment(string fragment, out RecordEntry? entry, out string problem)
    {
        entry = null;
        var tops = DxNetHtml.Load(fragment).FindAll(EntrySelector);
        if (tops.Length != 1)
        {
            problem = $"expected one play, found {tops.Length}";
            return false;
        }

        return TryEntry(tops[0], out entry, out problem);
    }

    private static PageResult<RecordPage> Read(INode document)
    {
        var entries = new List<RecordEntry>(50);
        var warnings = new List<RowWarning>();
        foreach (var top in document.FindAll(EntrySelector))
        {
            if (TryEntry(top, out var entry, out var problem))
            {
                entries.Add(entry!);
            }
            else
            {
                warnings.Add(new RowWarning(Kind, problem, RawFragment.Of(RowTolerance.Wrapper(top, EntrySelector))));
            }
        }

        if (RowTolerance.TooMany(entries.Count, warnings.Count))
        {
            return new UnexpectedPage(Kind, $"{warnings.Count} of {entries.Count + warnings.Count} plays are unreadable, first: {warnings[0].Reason}", string.Empty);
        }

        return new RecordPage(entries, warnings);
    }

    private static bool TryEntry(IElement top, out RecordEntry? entry, out string problem)
    {
        if (!RecordEntryReader.TryRead(top, out entry, out var reason))
        {
            problem = reason;
            return false;
        }

        if (entry.Idx is null)
        {
            entry = null;
            problem = "a play has no playlogDetail idx";
            return false;
        }

        problem = string.Empty;
        return true;
    }
}
