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

        var parts = BodyParts.Of(body);

        // The title is the block's own text (the level badge is a child); a long one may be scrolled in a marquee.
        var titleBlock = parts.TitleBlock;
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

        if (!ChartCells.TryLevel(parts.Level?.TextContent, difficulty, out var level))
        {
            problem = "unreadable level";
            return false;
        }

        // Utage charts show a badge (div.playlog_music_kind_icon_utage: music_utage.png, plus music_utage_buddy.png
        // for a Buddy chart, and the kanji) instead of the STD/DX icon, in the heading or the result block.
        var utageBadge = difficulty == Difficulty.Utage ? top.Find(".playlog_music_kind_icon_utage") ?? parts.UtageBadge : null;
        var kindIcon = parts.KindIcon ?? utageBadge?.Find("img");
        if (!Icons.TryChartType(PageText.FileName(kindIcon?.GetAttribute("src")), out var type))
        {
            problem = "no STD/DX kind icon";
            return false;
        }

        if (!Achievement.TryParse(parts.Achievement?.TextContent ?? string.Empty, out var achievement))
        {
            problem = "unreadable achievement";
            return false;
        }

        if (!Icons.TryPlaylogRank(PageText.FileName(parts.Rank?.GetAttribute("src")), out var rank))
        {
            problem = "unknown rank image";
            return false;
        }

        var scoreBlock = parts.ScoreBlock;
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

        var lamps = parts.Lamps;
        if (lamps.Count != 2
            || !Icons.TryPlaylogComboLamp(PageText.FileName(lamps[0].GetAttribute("src")), out var combo)
            || !Icons.TryPlaylogSyncLamp(PageText.FileName(lamps[1].GetAttribute("src")), out var sync))
        {
            problem = "unknown combo or sync lamp";
            return false;
        }

        int? matching = null;
        var matchingIcon = parts.Matching;
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
        var idxInput = parts.Idx;
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
            Jacket(parts.Jacket?.GetAttribute("src")),
            achievement,
            rank,
            parts.IsNewRecord,
            dxScore,
            maxDxScore,
            scoreBlock!.Find("img.playlog_deluxscore_newrecord") is not null,
            stars,
            combo,
            sync,
            matching,
            idx,
            IsBuddy(utageBadge));
        problem = null;
        return true;
    }

    /// <summary>
    /// The result block's parts, found in one walk of its elements (a selector query per part walked the block a dozen
    /// times per play). Each is the first in document order, as the selectors it replaces.
    /// </summary>
    private sealed class BodyParts
    {
        public IElement? TitleBlock { get; private set; }

        public IElement? Level { get; private set; }

        public IElement? KindIcon { get; private set; }

        public IElement? UtageBadge { get; private set; }

        public IElement? Achievement { get; private set; }

        public IElement? Rank { get; private set; }

        /// <summary>.playlog_result_innerblock .playlog_score_block</summary>
        public IElement? ScoreBlock { get; private set; }

        /// <summary>.playlog_result_innerblock &gt; img.h_35: the combo and sync lamps.</summary>
        public List<IElement> Lamps { get; } = new(2);

        public IElement? Matching { get; private set; }

        /// <summary>form input[name=idx]</summary>
        public IElement? Idx { get; private set; }

        public IElement? Jacket { get; private set; }

        public bool IsNewRecord { get; private set; }

        public static BodyParts Of(IElement body)
        {
            var parts = new BodyParts();
            for (var element = body.FirstElementChild; element is not null; element = ElementWalk.Next(body, element))
            {
                switch (element.LocalName)
                {
                    case "div":
                        if (parts.TitleBlock is null && ElementWalk.HasClass(element, "basic_block"))
                        {
                            parts.TitleBlock = element;
                        }
                        else if (parts.Level is null && ElementWalk.HasClass(element, "playlog_level_icon"))
                        {
                            parts.Level = element;
                        }
                        else if (parts.Achievement is null && ElementWalk.HasClass(element, "playlog_achievement_txt"))
                        {
                            parts.Achievement = element;
                        }
                        else if (parts.ScoreBlock is null && ElementWalk.HasClass(element, "playlog_score_block") && Within(element, "playlog_result_innerblock"))
                        {
                            parts.ScoreBlock = element;
                        }
                        else if (parts.UtageBadge is null && ElementWalk.HasClass(element, "playlog_music_kind_icon_utage"))
                        {
                            parts.UtageBadge = element;
                        }

                        break;
                    case "img":
                        if (ElementWalk.HasClass(element, "h_35") && element.ParentElement is { } parent && ElementWalk.HasClass(parent, "playlog_result_innerblock"))
                        {
                            parts.Lamps.Add(element);
                        }
                        else if (parts.KindIcon is null && ElementWalk.HasClass(element, "playlog_music_kind_icon"))
                        {
                            parts.KindIcon = element;
                        }
                        else if (parts.Rank is null && ElementWalk.HasClass(element, "playlog_scorerank"))
                        {
                            parts.Rank = element;
                        }
                        else if (parts.Matching is null && ElementWalk.HasClass(element, "playlog_matching_icon"))
                        {
                            parts.Matching = element;
                        }
                        else if (parts.Jacket is null && ElementWalk.HasClass(element, "music_img"))
                        {
                            parts.Jacket = element;
                        }
                        else if (ElementWalk.HasClass(element, "playlog_achievement_newrecord"))
                        {
                            parts.IsNewRecord = true;
                        }

                        break;
                    case "input":
                        if (parts.Idx is null && element.GetAttribute("name") == "idx" && Within(element, null, "form"))
                        {
                            parts.Idx = element;
                        }

                        break;
                }
            }

            return parts;
        }

        // True when an ancestor has the class (or, with a null class, the tag name).
        private static bool Within(IElement element, string? className, string? localName = null)
        {
            for (var at = element.ParentElement; at is not null; at = at.ParentElement)
            {
                if (className is null ? at.LocalName == localName : ElementWalk.HasClass(at, className))
                {
                    return true;
                }
            }

            return false;
        }
    }

    // A Buddy chart's badge shows music_utage_buddy.png beside music_utage.png and the kanji; plays carry no other mark.
    private static bool IsBuddy(IElement? utageBadge) =>
        utageBadge?.FindAll("img").Any(img => PageText.FileName(img.GetAttribute("src")) == "music_utage_buddy.png") ?? false;

    // The site sometimes sends an image URL with no file name ("img/Music/"): that names no jacket.
    private static string? Jacket(string? url) => PageText.FileName(url).Length == 0 ? null : url;
}
