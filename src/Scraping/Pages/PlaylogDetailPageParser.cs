using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Maimai.Core.Game;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>
/// Reads one play's detail (/record/playlogDetail/?idx=NN,unixtime) into a <see cref="PlayDetail"/>. Built from the
/// site description in SOURCES.md (no saved page exists): the record entry's top block, then a .gray_block with
/// table.playlog_notes_detail, .playlog_fl_block, the max combo / max sync .playlog_score_block and #placeName.
/// </summary>
public static partial class PlaylogDetailPageParser
{
    private const DxNetPageKind Kind = DxNetPageKind.PlaylogDetail;
    private static readonly string[] NoteTypes = ["tap", "hold", "slide", "touch", "break"];

    /// <summary>Parses the page's HTML. Both sites share the markup; labels are not read.</summary>
    public static PageResult<PlayDetail> Parse(string html, Region region)
    {
        _ = region;
        return PageGuard.TryOpen(html, Kind, out var document, out var failure) ? Read(document) : failure!;
    }

    /// <summary>Parses a page read from a stream (UTF-8).</summary>
    public static PageResult<PlayDetail> Parse(Stream html, Region region) => Parse(DxNetHtml.Read(html), region);

    /// <summary>Reads one stored play (a <see cref="RowWarning.Fragment"/>) with today's rules.</summary>
    internal static bool TryReadFragment(string fragment, out PlayDetail? play, out string problem)
    {
        var document = DxNetHtml.Load(fragment);
        var tops = document.FindAll(".playlog_top_container");
        if (tops.Length != 1)
        {
            play = null;
            problem = $"expected one play, found {tops.Length}";
            return false;
        }

        return TryRead(document, tops[0], out play, out problem);
    }

    // A playlogDetail page shows one play: when the page is right but that play is unreadable, the play is kept as a
    // warning (UnreadableEntry) and the fetch goes on without it.
    private static PageResult<PlayDetail> Read(IHtmlDocument document)
    {
        var tops = document.FindAll(".playlog_top_container");
        if (tops.Length != 1)
        {
            return PageGuard.Fail(Kind, $"expected one play, found {tops.Length}", document.Body);
        }

        if (TryRead(document, tops[0], out var play, out var problem))
        {
            return play!;
        }

        var fragment = RawFragment.Of(RowTolerance.Wrapper(tops[0], ".playlog_top_container"), document.Find(".gray_block"));
        return new UnreadableEntry(new RowWarning(Kind, problem, fragment));
    }

    private static bool TryRead(INode document, IElement top, out PlayDetail? play, out string problem)
    {
        play = null;
        if (!RecordEntryReader.TryRead(top, out var record, out var reason))
        {
            problem = reason;
            return false;
        }

        var gray = document.Find(".gray_block");
        var table = gray?.Find("table.playlog_notes_detail");
        if (gray is null || table is null)
        {
            problem = "no judgement table in a .gray_block";
            return false;
        }

        if (!JudgementTableReader.TryRead(table, out var judgements, out problem))
        {
            return false;
        }

        var fastLate = gray.Find(".playlog_fl_block");
        var fastLateNumbers = fastLate is null ? [] : Numbers(fastLate);
        if (fastLateNumbers.Count != 2 || fastLateNumbers.Any(n => n < 0))
        {
            problem = "unreadable fast/late counts";
            return false;
        }

        if (!TryComboAndSync(gray, out var maxCombo, out var maxSync, out problem))
        {
            return false;
        }

        var venue = PageText.Clean(document.Find("#placeName > span")?.TextContent);
        var (ratingAfter, ratingChange) = Rating(gray);
        play = new PlayDetail(record, judgements, fastLateNumbers[0], fastLateNumbers[1], maxCombo, maxSync,
            venue.Length == 0 ? null : venue, ratingAfter, ratingChange);
        problem = string.Empty;
        return true;
    }

    // Max combo and max sync are "x/y" in the gray block's .playlog_score_block elements, combo first. Max sync
    // shows no fraction (a dash) when nobody played alongside.
    private static bool TryComboAndSync(IElement gray, out Fraction maxCombo, out Fraction? maxSync, out string problem)
    {
        maxCombo = default;
        maxSync = null;
        var blocks = gray.FindAll(".playlog_score_block");
        var fractions = blocks.Select(b => PageText.TryFraction(PageText.Clean(LastText(b)), out var v, out var t) && v <= t ? new Fraction(v, t) : (Fraction?)null).ToList();
        if (fractions.Count is < 1 or > 2 || fractions[0] is null)
        {
            problem = "unreadable max combo";
            return false;
        }

        maxCombo = fractions[0]!.Value;
        maxSync = fractions.Count == 2 ? fractions[1] : null;
        problem = string.Empty;
        return true;
    }

    private static string LastText(IElement block) =>
        block.Descendants<IText>().Select(t => PageText.Clean(t.Data)).LastOrDefault(t => t.Length > 0) ?? string.Empty;

    private static List<int> Numbers(IElement element) =>
        element.Descendants<IText>()
            .Select(t => PageText.Clean(t.Data))
            .Where(t => t.Length > 0 && char.IsAsciiDigit(t[0]))
            .Select(t => PageText.TryInt(t, out var n) ? n : -1)
            .ToList();

    // The rating after the play (.rating_block) and its change, shown as "(+5)" beside it, when present.
    private static (int? After, int? Change) Rating(IElement gray)
    {
        var block = gray.Find(".rating_block");
        if (block is null || !PageText.TryInt(block.TextContent, out var after))
        {
            return (null, null);
        }

        var around = block.ParentElement?.ParentElement?.TextContent ?? string.Empty;
        var match = RatingChangePattern().Match(around);
        int? change = match.Success && int.TryParse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture, out var delta)
            ? (match.Groups[1].Value == "-" ? -delta : delta)
            : null;
        return (after, change);
    }

    [GeneratedRegex(@"\(\s*([+\-±]?)\s*(\d{1,5})\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex RatingChangePattern();

    /// <summary>The per-note-type judgement table.</summary>
    private static class JudgementTableReader
    {
        public static bool TryRead(IElement table, out JudgementTable judgements, out string problem)
        {
            judgements = null!;
            var rows = new JudgementRow?[NoteTypes.Length];
            var position = 0;
            foreach (var tr in table.FindAll("tr"))
            {
                var cells = tr.FindAll("td");
                if (cells.Length == 0)
                {
                    continue; // the header row (CRITICAL PERFECT … MISS)
                }

                if (cells.Length != 5 || position >= NoteTypes.Length)
                {
                    problem = "a judgement row must have 5 cells, and there are 5 note types";
                    return false;
                }

                // Rows are labelled with an image or text naming the note type; fall back to the fixed order.
                var label = tr.Find("th");
                var labelText = (PageText.FileName(label?.Find("img")?.GetAttribute("src")) + " " + label?.TextContent).ToLowerInvariant();
                var index = Array.FindIndex(NoteTypes, n => labelText.Contains(n, StringComparison.Ordinal));
                index = index < 0 ? position : index;
                if (rows[index] is not null)
                {
                    problem = $"two rows for {NoteTypes[index]}";
                    return false;
                }

                var values = new int?[5];
                for (var i = 0; i < 5; i++)
                {
                    var text = PageText.Clean(cells[i].TextContent);
                    if (text.Length == 0)
                    {
                        continue;
                    }

                    if (!PageText.TryInt(text, out var count))
                    {
                        problem = $"unreadable {NoteTypes[index]} count '{text}'";
                        return false;
                    }

                    values[i] = count;
                }

                rows[index] = new JudgementRow(values[0], values[1], values[2], values[3], values[4]);
                position++;
            }

            if (position != NoteTypes.Length)
            {
                problem = $"expected {NoteTypes.Length} note rows, found {position}";
                return false;
            }

            judgements = new JudgementTable(rows[0]!, rows[1]!, rows[2]!, rows[3]!, rows[4]!);
            problem = string.Empty;
            return true;
        }
    }
}
