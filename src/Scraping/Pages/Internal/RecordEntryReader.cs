using System.Diagnostics.CodeAnalysis;
using AngleSharp.Dom;
using Maimai.Core.Game;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// Reads one play's block: div.playlog_top_container (difficulty, track, time) and the playlog_xxx_container
/// after it (title, level, achievement, DX score, lamps, detail idx). Record and playlogDetail share it.
/// </summary>
internal static class RecordEntryReader
{
    public static bool TryRead(IElement top, [NotNullWhen(true)] out RecordEntry? entry, [NotNullWhen(false)] out string? problem)
    {
        entry = null;
        var body = top.NextElementSibling;
        if (body is null || !body.ClassList.Any(c => c.StartsWith("playlog_", StringComparison.Ordinal) && c.EndsWith("_container", StringComparison.Ordinal)))
        {
            problem = "no result block after the play's heading";
            return false;
        }

        if (!Icons.TryDifficultyImage(PageText.FileName(top.Find("img.playlog_diff")?.GetAttribute("src")), out var difficulty))
        {
            problem = "unknown difficulty";
            return false;
        }

        var spans = top.FindAll(".sub_title span");
        var trackText = spans.Length == 2 ? PageText.Clean(spans[0].TextContent) : string.Empty;
        if (!trackText.StartsWith("TRACK ", StringComparison.Ordinal) || !PageText.TryInt(trackText.AsSpan(6), out var track) || track == 0)
        {
            problem = "unreadable track number";
            return false;
        }

        if (!PageText.TryJapanTime(spans[1].TextContent, out var playedAt))
        {
            problem = "unreadable play time";
            return false;
        }

        // The title is the block's own text (the level badge is a child); a long one may be scrolled in a marquee.
        var titleBlock = body.Find(".basic_block");
        var title = titleBlock is null ? string.Empty : PageText.OwnText(titleBlock);
        if (title.Length == 0 && titleBlock?.Find(".js-marquee, marquee") is not null)
        {
            title = PageText.ScrolledText(titleBlock);
        }
        if (title.Length == 0)
        {
            problem = "no title";
            return false;
        }

        if (!ChartCells.TryLevel(body.Find(".playlog_level_icon")?.TextContent, difficulty, out var level))
        {
            problem = "unreadable level";
            return false;
        }

        // Utage charts show a badge (div.playlog_music_kind_icon_utage: music_utage.png, plus music_utage_buddy.png
        // for a Buddy chart, and the kanji) instead of the STD/DX icon, in the heading or the result block.
        var kindIcon = body.Find("img.playlog_music_kind_icon")
            ?? (difficulty == Difficulty.Utage ? (top.Find(".playlog_music_kind_icon_utage img") ?? body.Find(".playlog_music_kind_icon_utage img")) : null);
        if (!Icons.TryChartType(PageText.FileName(kindIcon?.GetAttribute("src")), out var type))
        {
            problem = "no STD/DX kind icon";
            return false;
        }

        if (!Achievement.TryParse(body.Find(".playlog_achievement_txt")?.TextContent ?? string.Empty, out var achievement))
        {
            problem = "unreadable achievement";
            return false;
        }

        if (!Icons.TryPlaylogRank(PageText.FileName(body.Find("img.playlog_scorerank")?.GetAttribute("src")), out var rank))
        {
            problem = "unknown rank image";
            return false;
        }

        var scoreBlock = body.Find(".playlog_result_innerblock .playlog_score_block");
        var scoreText = PageText.Clean(scoreBlock?.Find("div.white")?.TextContent);
        int dxScore;
        int? maxDxScore = null;
        if (PageText.TryFraction(scoreText, out var value, out var max) && value <= max)
        {
            dxScore = value;
            maxDxScore = max;
        }
        else if (!PageText.TryInt(scoreText, out dxScore))
        {
            problem = "unreadable DX score";
            return false;
        }

        var stars = 0;
        var star = scoreBlock!.Find("img.playlog_deluxscore_star");
        if (star is not null && !Icons.TryDxStars(PageText.FileName(star.GetAttribute("src")), out stars))
        {
            problem = "unknown DX star image";
            return false;
        }

        var lamps = body.FindAll(".playlog_result_innerblock > img.h_35");
        if (lamps.Length != 2
            || !Icons.TryPlaylogComboLamp(PageText.FileName(lamps[0].GetAttribute("src")), out var combo)
            || !Icons.TryPlaylogSyncLamp(PageText.FileName(lamps[1].GetAttribute("src")), out var sync))
        {
            problem = "unknown combo or sync lamp";
            return false;
        }

        int? matching = null;
        var matchingIcon = body.Find("img.playlog_matching_icon");
        if (matchingIcon is not null)
        {
            matching = PageText.FileName(matchingIcon.GetAttribute("src")) switch
            {
                "1st.png" => 1,
                "2nd.png" => 2,
                "3rd.png" => 3,
                "4th.png" => 4,
                _ => 0,
            };
            if (matching == 0)
            {
                problem = "unknown matching rank image";
                return false;
            }
        }

        PlaylogIdx? idx = null;
        var idxInput = body.Find("form input[name=idx]");
        if (idxInput is not null && !PlaylogIdx.TryParse(idxInput.GetAttribute("value"), out idx))
        {
            problem = "unreadable playlogDetail idx";
            return false;
        }

        entry = new RecordEntry(
            track,
            playedAt,
            difficulty,
            type,
            title,
            level,
            Jacket(body.Find("img.music_img")?.GetAttribute("src")),
            achievement,
            rank,
            body.Find("img.playlog_achievement_newrecord") is not null,
            dxScore,
            maxDxScore,
            scoreBlock!.Find("img.playlog_deluxscore_newrecord") is not null,
            stars,
            combo,
            sync,
            matching,
            idx);
        problem = null;
        return true;
    }

    // The site sometimes sends an image URL with no file name ("img/Music/"): that names no jacket.
    private static string? Jacket(string? url) => PageText.FileName(url).Length == 0 ? null : url;
}
