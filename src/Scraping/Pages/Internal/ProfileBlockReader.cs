using System.Diagnostics.CodeAnalysis;
using AngleSharp.Dom;
using Maimai.Core.Game;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// Reads the profile block (div.basic_block with icon, trophy, name, rating, ranks and stars) that heads the
/// player data page and the rating target page.
/// </summary>
internal static class ProfileBlockReader
{
    public sealed record Block(
        string Name,
        int Rating,
        RatingColor RatingColor,
        string Title,
        string TrophyColor,
        string? IconUrl,
        CourseRank CourseRank,
        ClassRank ClassRank,
        int Stars);

    public static bool TryRead(IElement block, [NotNullWhen(true)] out Block? result, [NotNullWhen(false)] out string? problem)
    {
        result = null;
        var name = PageText.Clean(block.Find(".name_block")?.TextContent);
        if (name.Length == 0)
        {
            problem = "no player name";
            return false;
        }

        if (!PageText.TryInt(block.Find(".rating_block")?.TextContent ?? string.Empty, out var rating))
        {
            problem = "unreadable rating";
            return false;
        }

        if (!TryRatingColor(PageText.FileName(block.Find("img[src*='rating_base_']")?.GetAttribute("src")), out var color))
        {
            problem = "unknown rating plate";
            return false;
        }

        var trophy = block.Find(".trophy_block");
        var trophyColor = trophy?.ClassList.FirstOrDefault(c => c.StartsWith("trophy_", StringComparison.Ordinal) && c != "trophy_block")?["trophy_".Length..];
        // The trophy text is a span, or the marquee the site's script turns a long one into.
        var titleBlock = trophy?.Find(".trophy_inner_block");
        var title = titleBlock is null ? null : PageText.ScrolledText(titleBlock.Find("span") ?? titleBlock);
        if (trophyColor is null || title is null)
        {
            problem = "no trophy";
            return false;
        }

        var courseImage = PageText.FileName(block.Find("img[src*='course_rank_']")?.GetAttribute("src"));
        var classImage = PageText.FileName(block.Find("img[src*='class_rank_s_']")?.GetAttribute("src"));
        if (!TryRankNumber(courseImage, "course_rank_", out var course) || !Enum.IsDefined((CourseRank)course))
        {
            problem = $"unknown course rank image '{courseImage}'";
            return false;
        }

        if (!TryRankNumber(classImage, "class_rank_s_", out var @class) || !Enum.IsDefined((ClassRank)@class))
        {
            problem = $"unknown class rank image '{classImage}'";
            return false;
        }

        var starText = block.Find("img[src*='icon_star']")?.ParentElement?.TextContent ?? string.Empty;
        var times = starText.IndexOf('×', StringComparison.Ordinal);
        if (times < 0 || !PageText.TryInt(starText.AsSpan(times + 1), out var stars))
        {
            problem = "unreadable star count";
            return false;
        }

        // The icon is the first image of the block; DX NET sometimes sends a bare "img/Icon/" with no file.
        var iconUrl = block.Find("img[src*='/Icon/']")?.GetAttribute("src");
        if (PageText.FileName(iconUrl).Length == 0)
        {
            iconUrl = null;
        }

        result = new Block(name, rating, color, PageText.Clean(title), trophyColor, iconUrl, (CourseRank)course, (ClassRank)@class, stars);
        problem = null;
        return true;
    }

    // course_rank_00T7GHJvGe.png → 0; class_rank_s_10FODgtQo4.png → 10 (see the CourseRank and ClassRank docs).
    private static bool TryRankNumber(string file, string prefix, out int number)
    {
        number = 0;
        return file.StartsWith(prefix, StringComparison.Ordinal)
            && file.Length >= prefix.Length + 2
            && PageText.TryInt(file.AsSpan(prefix.Length, 2), out number)
            && char.IsAsciiDigit(file[prefix.Length]) && char.IsAsciiDigit(file[prefix.Length + 1]);
    }

    private static bool TryRatingColor(string file, out RatingColor color)
    {
        color = file switch
        {
            "rating_base_normal.png" => RatingColor.Normal,
            "rating_base_blue.png" => RatingColor.Blue,
            "rating_base_green.png" => RatingColor.Green,
            "rating_base_orange.png" => RatingColor.Orange,
            "rating_base_red.png" => RatingColor.Red,
            "rating_base_purple.png" => RatingColor.Purple,
            "rating_base_bronze.png" => RatingColor.Bronze,
            "rating_base_silver.png" => RatingColor.Silver,
            "rating_base_gold.png" => RatingColor.Gold,
            "rating_base_platinum.png" => RatingColor.Platinum,
            "rating_base_rainbow.png" => RatingColor.Rainbow,
            _ => (RatingColor)(-1),
        };
        return color >= 0;
    }
}
