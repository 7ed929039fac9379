using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>Reads the player data page (/maimai-mobile/playerData/) into a <see cref="PlayerProfile"/>.</summary>
public static class PlayerPageParser
{
    private const DxNetPageKind Kind = DxNetPageKind.PlayerData;

    /// <summary>Parses the page's HTML; <paramref name="region"/> selects the play count labels.</summary>
    public static PageResult<PlayerProfile> Parse(string html, Region region) =>
        PageGuard.TryOpen(html, Kind, out var document, out var failure) ? Read(document, region) : failure!;

    /// <summary>Parses a page read from a stream (UTF-8).</summary>
    public static PageResult<PlayerProfile> Parse(Stream html, Region region) => Parse(DxNetHtml.Read(html), region);

    private static PageResult<PlayerProfile> Read(IHtmlDocument document, Region region)
    {
        var block = document.Find(".see_through_block .basic_block");
        if (block is null)
        {
            return PageGuard.Fail(Kind, "no profile block", document.Body);
        }

        if (!ProfileBlockReader.TryRead(block, out var profile, out var problem))
        {
            return PageGuard.Fail(Kind, problem, block);
        }

        var playCounts = document.FindAll("div.t_r.f_12").FirstOrDefault(e => e.Find("br") is not null);
        if (playCounts is null || !TryPlayCounts(playCounts, region, out var thisVersion, out var total))
        {
            return PageGuard.Fail(Kind, $"unreadable play counts for region {region.ToName()}", playCounts ?? block);
        }

        var counts = new LampCountsReader();
        foreach (var counter in document.FindAll(".musiccount_block"))
        {
            var icon = PageText.FileName(counter.Find(".musiccount_img_block img")?.GetAttribute("src"));
            if (!counts.TryAdd(icon, counter.Find(".musiccount_counter_block")?.TextContent ?? string.Empty, out var bad))
            {
                return PageGuard.Fail(Kind, bad, counter);
            }
        }

        if (!counts.TryBuild(out var lampCounts, out var missing))
        {
            return PageGuard.Fail(Kind, missing, block);
        }

        return new PlayerProfile(profile.Name, profile.Title, profile.TrophyColor, profile.IconUrl, profile.Rating, profile.RatingColor,
            profile.ClassRank, profile.CourseRank, profile.Stars, thisVersion, total, lampCounts);
    }

    // intl: "play count of current version：602<br>maimaiDX total play count：602"
    // jp:   "現バージョンプレイ回数：602回<br>『maimai でらっくす』累計プレイ回数：602回"
    private static bool TryPlayCounts(IElement element, Region region, out int thisVersion, out int total)
    {
        thisVersion = total = 0;
        var lines = element.ChildNodes.Where(n => n.NodeType == NodeType.Text).Select(n => PageText.Clean(n.TextContent)).Where(t => t.Length > 0).ToList();
        var (versionLabel, totalLabel) = region == Region.Jp ? ("現バージョン", "累計") : ("current version", "total play count");
        return lines.Count == 2
            && lines[0].Contains(versionLabel, StringComparison.Ordinal)
            && lines[1].Contains(totalLabel, StringComparison.Ordinal)
            && TryCount(lines[0], out thisVersion)
            && TryCount(lines[1], out total);
    }

    private static bool TryCount(string line, out int count)
    {
        count = 0;
        var colon = line.LastIndexOfAny(['：', ':']);
        if (colon < 0)
        {
            return false;
        }

        var number = line.AsSpan(colon + 1).Trim();
        if (number.EndsWith("回", StringComparison.Ordinal))
        {
            number = number[..^1];
        }

        return PageText.TryInt(number, out count);
    }
}
