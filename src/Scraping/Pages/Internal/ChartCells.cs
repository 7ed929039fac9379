using System.Diagnostics.CodeAnalysis;
using AngleSharp.Dom;
using Maimai.Core.Game;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>Reads the pieces every chart row shares: its difficulty class, level, kind icon and musicDetail idx.</summary>
internal static class ChartCells
{
    /// <summary>A chart row of a list: a div whose class contains "_score_back" (as div[class*='_score_back']).</summary>
    public static bool IsChartRow(IElement element) =>
        element.LocalName == "div" && (element.GetAttribute("class")?.Contains("_score_back", StringComparison.Ordinal) ?? false);

    /// <summary>"music_master_score_back" gives Master.</summary>
    public static bool TryDifficultyFromClass(IElement row, out Difficulty difficulty)
    {
        // The class attribute's tokens, read in place (ClassList would allocate a token list per row).
        var classes = row.GetAttribute("class").AsSpan();
        foreach (var range in classes.SplitAny(" \t\r\n\f"))
        {
            var name = classes[range];
            if (name.StartsWith("music_", StringComparison.Ordinal) && name.EndsWith("_score_back", StringComparison.Ordinal))
            {
                return Icons.TryDifficultyName(name["music_".Length..^"_score_back".Length], out difficulty);
            }
        }

        difficulty = default;
        return false;
    }

    /// <summary>"13+" or, on utage charts, "12?" / "13+?".</summary>
    public static bool TryLevel(string? text, Difficulty difficulty, out Level level)
    {
        var span = PageText.Clean(text).AsSpan();
        if (difficulty == Difficulty.Utage && span.EndsWith("?", StringComparison.Ordinal))
        {
            span = span[..^1];
        }

        return Level.TryParseDisplayed(span, out level);
    }

    /// <summary>
    /// The kind icon sits inside the row on level/version lists and right after it (<paramref name="next"/>, the
    /// row's next element sibling) on genre lists.
    /// </summary>
    public static bool TryChartType(IElement row, IElement? next, out ChartType type)
    {
        var icon = row.Find("img.music_kind_icon");
        if (icon is null && next is not null && next.ClassList.Contains("music_kind_icon"))
        {
            icon = next;
        }

        // Utage rows carry a badge instead (div.music_kind_icon_utage with music_utage.png, or music_utage_buddy.png
        // on a Buddy chart), inside the row or beside it like the kind icon.
        icon ??= row.Find(".music_kind_icon_utage img")
            ?? (next is not null && next.ClassList.Contains("music_kind_icon_utage") ? next.Find("img") : null);

        type = default;
        return icon is not null && Icons.TryChartType(PageText.FileName(icon.GetAttribute("src")), out type);
    }

    public static bool TryIdx(IElement row, [NotNullWhen(true)] out string? idx)
    {
        idx = row.Find("input[name=idx]")?.GetAttribute("value");
        return !string.IsNullOrEmpty(idx);
    }

    /// <summary>The diff_xxx.png image must agree with the row's class; a disagreement means we misread the page.</summary>
    public static bool DifficultyImageAgrees(IElement row, Difficulty difficulty)
    {
        var image = row.Find("img[src*='/diff_']");
        return image is null || (Icons.TryDifficultyImage(PageText.FileName(image.GetAttribute("src")), out var shown) && shown == difficulty);
    }
}
