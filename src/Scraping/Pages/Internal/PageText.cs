using System.Globalization;
using System.Text;
using AngleSharp.Dom;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>Exact text helpers: whitespace, grouped integers ("1,796"), "x / y" figures and file names of icons.</summary>
internal static class PageText
{
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    /// <summary>Trims ASCII whitespace (and no-break spaces) but keeps full-width spaces, which can be a whole title.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var span = text.AsSpan().Trim(" \t\r\n\f\u00a0");
        return span.Length == text.Length ? text : span.ToString();
    }

    /// <summary>The text of an element's own text nodes (not its children's), cleaned.</summary>
    public static string OwnText(IElement element)
    {
        StringBuilder? builder = null;
        string? single = null;
        foreach (var node in element.ChildNodes)
        {
            if (node.NodeType != NodeType.Text)
            {
                continue;
            }

            if (single is null)
            {
                single = node.TextContent;
            }
            else
            {
                builder ??= new StringBuilder(single);
                builder.Append(node.TextContent);
            }
        }

        return Clean(builder?.ToString() ?? single);
    }

    /// <summary>
    /// The text of a block the site may scroll: a name or title too wide for its box is run through jquery.marquee,
    /// which wraps it in div.js-marquee copies (two when duplicated), or a legacy &lt;marquee&gt;. One copy is the
    /// text; reading the block whole would repeat it.
    /// </summary>
    public static string ScrolledText(IElement element)
    {
        var scrolled = element.Find(".js-marquee, marquee");
        return Clean((scrolled ?? element).TextContent);
    }

    /// <summary>Parses "1,796" or "602" exactly.</summary>
    public static bool TryInt(ReadOnlySpan<char> text, out int value)
    {
        text = text.Trim(" \t\r\n\u00a0");
        return int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value) && value >= 0;
    }

    /// <summary>Parses "1,796 / 2,004" (spaces optional).</summary>
    public static bool TryFraction(ReadOnlySpan<char> text, out int value, out int total)
    {
        value = total = 0;
        var slash = text.IndexOf('/');
        return slash > 0 && TryInt(text[..slash], out value) && TryInt(text[(slash + 1)..], out total);
    }

    /// <summary>Parses DX NET's "2026/01/23 01:18", shown in Japan time on both sites.</summary>
    public static bool TryJapanTime(string text, out DateTimeOffset time)
    {
        time = default;
        if (!DateTime.TryParseExact(Clean(text), "yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        time = new DateTimeOffset(local, JapanOffset);
        return true;
    }

    /// <summary>The file name of an image URL without its "?ver=" suffix: ".../music_icon_fc.png?ver=1.50" gives "music_icon_fc.png".</summary>
    public static string FileName(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return string.Empty;
        }

        var span = url.AsSpan();
        var query = span.IndexOf('?');
        if (query >= 0)
        {
            span = span[..query];
        }

        var slash = span.LastIndexOf('/');
        return (slash >= 0 ? span[(slash + 1)..] : span).ToString();
    }

    /// <summary>A short one-line piece of text for failure messages.</summary>
    public static string Excerpt(string? text, int max = 80)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, max));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) && c != '\u3000')
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            if (builder.Length >= max)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }
}
