using System.Text;
using Maimai.DxNetSimulator.Player;

namespace Maimai.DxNetSimulator.Site;

/// <summary>Home, playerData and ratingTargetMusic: the pages built around the player block.</summary>
internal static class PlayerPages
{
    private const string PlayerDataBlockClass = "see_through_block m_15 m_t_0 m_b_15 p_10 p_r t_l f_0";
    private const string RatingBlockClass = "see_through_block m_15 m_t_0 p_10 t_l f_0 p_r";

    public static string Home(string site, SiteText text, SimulatorSnapshot state)
    {
        var content = Template.Get("Home").Render(new TemplateValues(site)
            .Set("player", PlayerBlock(site, state.Profile, PlayerDataBlockClass, ""))
            .Set("notice", Html.Text("DX NET simulator: synthetic data for tests and demo mode.")));
        return Layout.Page(site, text.HomeTitle, content);
    }

    public static string PlayerData(string site, SiteText text, SimulatorSnapshot state)
    {
        var profile = state.Profile;
        var counts = new StringBuilder();
        var row = Template.Get("MusicCountRow");
        var total = Html.Grouped(state.Songs.Sum(s => s.Charts.Count(c => c.Difficulty != Core.Game.Difficulty.Utage)));
        // Every counter the real page shows (the parser needs all 21), each counting non-utage charts at or above its lamp.
        var scores = state.Scores.Where(s => s.Difficulty != Core.Game.Difficulty.Utage).ToList();
        (string Icon, int Count)[] lines =
        [
            ("music_icon_sssp.png?ver=1.60", scores.Count(s => s.Rank >= Core.Game.ScoreRank.SSSPlus)),
            ("music_icon_app.png?ver=1.60", scores.Count(s => s.ComboLamp >= Core.Game.ComboLamp.AllPerfectPlus)),
            ("music_icon_sss.png?ver=1.60", scores.Count(s => s.Rank >= Core.Game.ScoreRank.SSS)),
            ("music_icon_ap.png?ver=1.60", scores.Count(s => s.ComboLamp >= Core.Game.ComboLamp.AllPerfect)),
            ("music_icon_ssp.png?ver=1.60", scores.Count(s => s.Rank >= Core.Game.ScoreRank.SSPlus)),
            ("music_icon_fcp.png?ver=1.60", scores.Count(s => s.ComboLamp >= Core.Game.ComboLamp.FullComboPlus)),
            ("music_icon_ss.png?ver=1.60", scores.Count(s => s.Rank >= Core.Game.ScoreRank.SS)),
            ("music_icon_fc.png?ver=1.60", scores.Count(s => s.ComboLamp >= Core.Game.ComboLamp.FullCombo)),
            ("music_icon_sp.png?ver=1.60", scores.Count(s => s.Rank >= Core.Game.ScoreRank.SPlus)),
            ("music_icon_fdxp.png?ver=1.60", scores.Count(s => s.SyncLamp >= Core.Game.SyncLamp.FullSyncDxPlus)),
            ("music_icon_s.png?ver=1.60", scores.Count(s => s.Rank >= Core.Game.ScoreRank.S)),
            ("music_icon_fdx.png?ver=1.60", scores.Count(s => s.SyncLamp >= Core.Game.SyncLamp.FullSyncDx)),
            ("music_icon_clear.png", scores.Count(s => s.Rank >= Core.Game.ScoreRank.A)),
            ("music_icon_fsp.png?ver=1.60", scores.Count(s => s.SyncLamp >= Core.Game.SyncLamp.FullSyncPlus)),
            ("music_icon_fs.png?ver=1.60", scores.Count(s => s.SyncLamp >= Core.Game.SyncLamp.FullSync)),
            ("music_icon_sync.png?ver=1.60", scores.Count(s => s.SyncLamp >= Core.Game.SyncLamp.SyncPlay)),
            ("music_icon_dxstar_5.png?ver=1.60", scores.Count(s => s.DxStars >= 5)),
            ("music_icon_dxstar_4.png?ver=1.60", scores.Count(s => s.DxStars >= 4)),
            ("music_icon_dxstar_3.png?ver=1.60", scores.Count(s => s.DxStars >= 3)),
            ("music_icon_dxstar_2.png?ver=1.60", scores.Count(s => s.DxStars >= 2)),
            ("music_icon_dxstar_1.png?ver=1.60", scores.Count(s => s.DxStars >= 1)),
        ];
        foreach (var (icon, count) in lines)
        {
            row.Render(counts, new TemplateValues(site).Set("icon", icon).Set("count", Html.Grouped(count)).Set("total", total));
        }

        var extra = Template.Get("PlayerDataExtra").Render(new TemplateValues(site)
            .Set("playCounts", text.PlayCounts(profile.CurrentVersionPlayCount, profile.TotalPlayCount))
            .Set("counts", counts.ToString()));
        var content = Template.Get("PlayerData").Render(new TemplateValues(site)
            .Set("player", PlayerBlock(site, profile, PlayerDataBlockClass, extra)));
        return Layout.Page(site, text.PlayerDataTitle, content);
    }

    public static string RatingTarget(string site, SiteText text, SimulatorSnapshot state, RatingTargets targets)
    {
        var content = Template.Get("RatingTarget").Render(new TemplateValues(site)
            .Set("player", PlayerBlock(site, state.Profile, RatingBlockClass, ""))
            .Set("newLabel", Html.Text(text.RatingNew))
            .Set("othersLabel", Html.Text(text.RatingOthers))
            .Set("newCandidatesLabel", Html.Text(text.RatingNewCandidates))
            .Set("otherCandidatesLabel", Html.Text(text.RatingOtherCandidates))
            .Set("newRows", RatingRows(site, targets.New))
            .Set("otherRows", RatingRows(site, targets.Others))
            .Set("newCandidateRows", RatingRows(site, targets.NewCandidates))
            .Set("otherCandidateRows", RatingRows(site, targets.OtherCandidates)));
        return Layout.Page(site, text.RatingTargetTitle, content, wideOverflow: true);
    }

    private static string RatingRows(string site, IReadOnlyList<RatedChart> charts)
    {
        var output = new StringBuilder();
        var row = Template.Get("RatingTargetRow");
        foreach (var rated in charts)
        {
            row.Render(output, new TemplateValues(site)
                .Set("diff", Icons.Diff(rated.Chart.Difficulty))
                .Set("kind", Icons.Kind(rated.Song.Type))
                .Set("level", Icons.Level(rated.Chart.Level, rated.Chart.Difficulty))
                .Set("title", Html.Text(rated.Song.Title))
                .Set("achievement", rated.Score.Achievement.ToString())
                .Set("rank", Icons.Rank(rated.Score.Rank))
                .Set("idx", Html.Text(rated.Song.MusicDetailIdx)));
        }

        return output.ToString();
    }

    private static string PlayerBlock(string site, PlayerProfile profile, string blockClass, string extra) =>
        Template.Get("PlayerBlock").Render(new TemplateValues(site)
            .Set("blockClass", blockClass)
            .Set("icon", Html.Text(profile.IconId))
            .Set("titleColor", profile.TitleColor.ToString())
            .Set("title", Html.Text(profile.Title))
            .Set("name", Html.Text(profile.Name))
            .Set("ratingColor", Icons.RatingColor(profile.Rating))
            .Set("rating", profile.Rating)
            .Set("courseRank", ((int)profile.CourseRank).ToString("D2", System.Globalization.CultureInfo.InvariantCulture))
            .Set("classRank", ((int)profile.ClassRank).ToString("D2", System.Globalization.CultureInfo.InvariantCulture))
            .Set("stars", profile.Stars)
            .Set("extra", extra));
}
