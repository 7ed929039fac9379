using System.Globalization;
using System.Text;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Catalog;
using Maimai.DxNetSimulator.Player;

namespace Maimai.DxNetSimulator.Site;

/// <summary>The recent record (/record/) and one play's detail (/record/playlogDetail/).</summary>
internal static class RecordPages
{
    public static string Record(string site, SiteText text, SimulatorSnapshot state)
    {
        var entries = new StringBuilder();
        foreach (var play in state.Recent)
        {
            entries.Append(Entry(site, state.Songs[play.SongId], play, withDetailForm: true));
        }

        var content = Template.Get("Record").Render(new TemplateValues(site).Set("entries", entries.ToString()));
        return Layout.Page(site, text.RecordTitle, content);
    }

    public static string PlaylogDetail(string site, SiteText text, SimulatorSnapshot state, PlayRecord play)
    {
        var rows = new StringBuilder();
        var judgements = play.Judgements;
        (string Type, NoteJudgements? Counts)[] lines =
        [
            ("tap", judgements.Tap), ("hold", judgements.Hold), ("slide", judgements.Slide),
            ("touch", judgements.Touch), ("break", judgements.Break),
        ];
        foreach (var (type, counts) in lines)
        {
            Template.Get("PlaylogNoteRow").Render(rows, new TemplateValues(site)
                .Set("noteType", type)
                .Set("criticalPerfect", Cell(counts?.CriticalPerfect))
                .Set("perfect", Cell(counts?.Perfect))
                .Set("great", Cell(counts?.Great))
                .Set("good", Cell(counts?.Good))
                .Set("miss", Cell(counts?.Miss)));
        }

        var content = Template.Get("PlaylogDetail").Render(new TemplateValues(site)
            .Set("entry", Entry(site, state.Songs[play.SongId], play, withDetailForm: false))
            .Set("noteRows", rows.ToString())
            .Set("fast", play.Fast)
            .Set("late", play.Late)
            .Set("maxCombo", Html.Grouped(play.MaxCombo))
            .Set("totalCombo", Html.Grouped(play.TotalCombo))
            .Set("maxSync", Html.Grouped(play.MaxSync))
            .Set("totalSync", Html.Grouped(play.TotalSync))
            .Set("venue", Html.Text(play.Venue)));
        return Layout.Page(site, text.RecordTitle, content);
    }

    private static string Cell(int? count) => count is { } n ? Html.Number(n) : "";

    private static string Entry(string site, Song song, PlayRecord play, bool withDetailForm)
    {
        var achievement = play.Achievement.ToString();
        var dot = achievement.IndexOf('.', StringComparison.Ordinal);
        var stars = play.DxStars;
        var values = new TemplateValues(site)
            .Set("diff", Icons.Diff(play.Difficulty))
            .Set("track", play.Track.ToString("D2", CultureInfo.InvariantCulture))
            .Set("playedAt", Html.Time(play.PlayedAt))
            .Set("level", Icons.Level(play.Level, play.Difficulty))
            .Set("title", Html.Text(play.Title))
            .Set("image", song.ImageId)
            .Set("utageBadge", play.Difficulty == Difficulty.Utage ? UtageBadge(site, song.Find(play.Difficulty)?.IsBuddy ?? false) : "")
            .Set("kindIcon", play.Difficulty == Difficulty.Utage
                ? ""
                : $"\t\t\t\t<img src=\"{site}img/music_{Icons.Kind(play.Type)}.png\" class=\"playlog_music_kind_icon\"/>\n")
            .Set("achievementNew", play.IsNewAchievementRecord
                ? $"\t\t\t\t\t<img src=\"{site}img/playlog/newrecord.png\" class=\"playlog_achievement_newrecord\"/>"
                : "")
            .Set("achievementWhole", achievement[..dot])
            .Set("achievementFraction", achievement[dot..])
            .Set("rank", Icons.PlaylogRank(play.Rank))
            .Set("starClass", stars > 0 ? " playlog_score_block_star" : "")
            .Set("dxScoreNew", play.IsNewDxScoreRecord
                ? $"\t\t\t\t\t\t\t<img src=\"{site}img/playlog/newrecord.png\" class=\"playlog_deluxscore_newrecord\"/>"
                : "")
            .Set("dxScore", Html.Grouped(play.DxScore))
            .Set("maxDxScore", Html.Grouped(play.MaxDxScore))
            .Set("dxStar", stars > 0
                ? $"\t\t\t\t\t\t\t<img src=\"{site}img/playlog/dxstar_{stars}.png\" class=\"playlog_deluxscore_star\"/>"
                : "")
            .Set("combo", Icons.PlaylogCombo(play.ComboLamp))
            .Set("sync", Icons.PlaylogSync(play.SyncLamp))
            .Set("matching", play.MatchingRank is { } rank
                ? $"\t\t\t\t\t\t<img src=\"{site}img/playlog/{Ordinal(rank)}.png\" class=\"playlog_matching_icon f_r\"/>"
                : "")
            .Set("detailForm", withDetailForm
                ? Template.Get("RecordDetailForm").Render(new TemplateValues(site).Set("idx", play.Idx))
                : "");
        return Template.Get("RecordEntry").Render(values);
    }

    // An utage play shows its badge in the heading instead of the STD/DX icon: music_utage.png, the kanji, and
    // music_utage_buddy.png on a Buddy chart.
    private static string UtageBadge(string site, bool buddy) =>
        $"\t\t\t<div class=\"playlog_music_kind_icon_utage p_a\"><img src=\"{site}img/music_utage.png\"/><div class=\"playlog_utage_kanji\">宴</div>"
        + (buddy ? $"<img src=\"{site}img/music_utage_buddy.png\"/>" : "") + "</div>\n";

    private static string Ordinal(int rank) => rank switch
    {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => FormattableString.Invariant($"{rank}th"),
    };
}
