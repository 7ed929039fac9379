using System.Text;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Catalog;
using Maimai.DxNetSimulator.Player;

namespace Maimai.DxNetSimulator.Site;

/// <summary>The score list (musicGenre/search) and musicDetail pages.</summary>
internal static class ScorePages
{
    private static readonly Difficulty[] ListedDifficulties =
        [Difficulty.Basic, Difficulty.Advanced, Difficulty.Expert, Difficulty.Master, Difficulty.ReMaster, Difficulty.Utage];

    /// <summary>Every chart at one difficulty, grouped under a screw_block per genre; genre 99 is all.</summary>
    public static string ScoreList(string site, SiteText text, SimulatorSnapshot state, Difficulty difficulty, int genre)
    {
        var scores = state.Scores.ToDictionary(s => (s.SongId, s.Difficulty));
        var charts = state.Songs
            .Where(s => genre == 99 || (int)s.Genre == genre)
            .Select(s => (Song: s, Chart: s.Find(difficulty)))
            .Where(x => x.Chart is not null)
            .GroupBy(x => x.Song.Genre)
            .OrderBy(g => g.Key)
            .ToList();

        var genres = new StringBuilder();
        var row = Template.Get("ScoreRow");
        var best = Template.Get("ScoreRowBest");
        var chartCount = 0;
        var clearCount = 0;
        var listed = new List<ChartScore>();
        foreach (var group in charts)
        {
            var rows = new StringBuilder();
            foreach (var (song, chart) in group)
            {
                chartCount++;
                var score = scores.GetValueOrDefault((song.Id, difficulty));
                var scoreHtml = "";
                if (score is not null)
                {
                    clearCount += score.Rank >= ScoreRank.A ? 1 : 0;
                    listed.Add(score);
                    scoreHtml = best.Render(new TemplateValues(site)
                        .Set("achievement", score.Achievement.ToString())
                        .Set("dxScore", Html.Grouped(score.DxScore))
                        .Set("maxDxScore", Html.Grouped(score.MaxDxScore))
                        .Set("sync", Icons.Sync(score.SyncLamp))
                        .Set("combo", Icons.Combo(score.ComboLamp))
                        .Set("rank", Icons.Rank(score.Rank)));
                }

                row.Render(rows, new TemplateValues(site)
                    .Set("diff", Icons.Diff(difficulty))
                    .Set("level", Icons.Level(chart!.Level, difficulty))
                    .Set("title", Html.Text(song.Title))
                    .Set("score", scoreHtml)
                    .Set("idx", Html.Text(song.MusicDetailIdx))
                    .Set("kind", Icons.Kind(song.Type))
                    .Set("kindSpace", song.Type == ChartType.Dx ? " " : ""));
            }

            Template.Get("ScoreGenre").Render(genres, new TemplateValues(site)
                .Set("genre", Html.Text(text.GenreLabel(group.Key)))
                .Set("rows", rows.ToString()));
        }

        var options = new StringBuilder();
        foreach (var g in Enum.GetValues<Genre>().Where(g => g != Genre.Utage))
        {
            options.Append("\t\t\t\t<option value=\"").Append((int)g).Append("\" ")
                .Append((int)g == genre ? "selected" : "").Append('>').Append(Html.Text(text.GenreLabel(g))).Append("</option>\n");
        }

        var buttons = new StringBuilder();
        foreach (var d in ListedDifficulties)
        {
            Template.Get("DiffButton").Render(buttons, new TemplateValues(site)
                .Set("value", (int)d)
                .Set("name", Icons.Diff(d))
                .Set("selected", d == difficulty ? $"\n\t\t\t\t\t<img src=\"{site}img/icon_on.png\" class=\"diffbtn_selected\" />" : ""));
        }

        var content = Template.Get("ScoreList").Render(new TemplateValues(site)
            .Set("allGenre", Html.Text(text.AllGenre))
            .Set("genreOptions", options.ToString())
            .Set("diffButtons", buttons.ToString())
            .Set("clearCount", clearCount)
            .Set("chartCount", chartCount)
            .Set("counters", Counters(site, listed, chartCount))
            .Set("genres", genres.ToString()));
        return Layout.Page(site, text.MusicTitle, content, wideOverflow: true);
    }

    /// <summary>One song: a table row per chart, then a score block per played chart.</summary>
    public static string MusicDetail(string site, SiteText text, SimulatorSnapshot state, Song song)
    {
        var rows = new StringBuilder();
        var blocks = new StringBuilder();
        foreach (var chart in song.Charts)
        {
            var diff = Icons.Diff(chart.Difficulty);
            var score = state.ScoreOf(song.Id, chart.Difficulty);
            var stars = score?.DxStars ?? 0;
            Template.Get("MusicDetailRow").Render(rows, new TemplateValues(site)
                .Set("level", Icons.Level(chart.Level, chart.Difficulty))
                .Set("rankIcon", score is null ? "music_icon_blank.png" : $"music_icon_{Icons.Rank(score.Rank)}.png?ver=1.60")
                .Set("combo", Icons.Combo(score?.ComboLamp ?? ComboLamp.None))
                .Set("sync", Icons.Sync(score?.SyncLamp ?? SyncLamp.None))
                .Set("star", stars == 0 ? "" : $"\t\t\t\t\t<img src=\"{site}img/music_icon_dxstar_{stars}.png\" class=\"h_30 m_5\"/>")
                .Set("detailsButton", score is null ? "" :
                    $"\t\t\t\t\t<div class=\"music_{diff}_btn pointer p_5 t_c f_12 f_b white\" onclick='scrollDetail(\"#{diff}\")'>{Html.Text(text.Details)}</div>")
                .Set("diffValue", (int)chart.Difficulty)
                .Set("idx", Html.Text(song.MusicDetailIdx))
                .Set("diff", diff)
                .Set("ranking", Html.Text(text.Ranking)));

            if (score is null)
            {
                continue;
            }

            Template.Get("MusicDetailChart").Render(blocks, new TemplateValues(site)
                .Set("diff", diff)
                .Set("kind", Icons.Kind(song.Type))
                .Set("level", Icons.Level(chart.Level, chart.Difficulty))
                .Set("rank", Icons.Rank(score.Rank))
                .Set("combo", Icons.Combo(score.ComboLamp))
                .Set("sync", Icons.Sync(score.SyncLamp))
                .Set("lastPlayedLabel", Html.Text(text.LastPlayed))
                .Set("lastPlayed", Html.Time(score.LastPlayed))
                .Set("playCountLabel", Html.Text(text.PlayCount))
                .Set("playCount", score.PlayCount)
                .Set("achievement", score.Achievement.ToString())
                .Set("star", stars == 0
                    ? "\t\t\t\t\t<div class=\"w_80 f_r\">　</div>"
                    : $"\t\t\t\t\t<img src=\"{site}img/music_icon_dxstar_detail_{stars}.png\" class=\"w_80 p_l_10 f_r\"/>")
                .Set("dxScore", Html.Grouped(score.DxScore))
                .Set("maxDxScore", Html.Grouped(score.MaxDxScore)));
        }

        var content = Template.Get("MusicDetail").Render(new TemplateValues(site)
            .Set("image", song.ImageId)
            .Set("kind", Icons.Kind(song.Type))
            .Set("genre", Html.Text(text.GenreLabel(song.Genre)))
            .Set("title", Html.Text(song.Title))
            .Set("artist", Html.Text(song.Artist))
            .Set("rows", rows.ToString())
            .Set("charts", blocks.ToString()));
        return Layout.Page(site, text.MusicTitle, content);
    }

    // The rest of the summary table, as on the real page: rank, combo, sync and DX star counters, each counting
    // the listed charts at or above its lamp (the parser needs all of them).
    private static string Counters(string site, List<ChartScore> scores, int total)
    {
        (string Icon, int Count)[][] rows =
        [
            [
                ("s", scores.Count(s => s.Rank >= ScoreRank.S)), ("sp", scores.Count(s => s.Rank >= ScoreRank.SPlus)),
                ("ss", scores.Count(s => s.Rank >= ScoreRank.SS)), ("ssp", scores.Count(s => s.Rank >= ScoreRank.SSPlus)),
                ("sss", scores.Count(s => s.Rank >= ScoreRank.SSS)), ("sssp", scores.Count(s => s.Rank >= ScoreRank.SSSPlus)),
            ],
            [
                ("fc", scores.Count(s => s.ComboLamp >= ComboLamp.FullCombo)), ("fcp", scores.Count(s => s.ComboLamp >= ComboLamp.FullComboPlus)),
                ("ap", scores.Count(s => s.ComboLamp >= ComboLamp.AllPerfect)), ("app", scores.Count(s => s.ComboLamp >= ComboLamp.AllPerfectPlus)),
            ],
            [
                ("sync", scores.Count(s => s.SyncLamp >= SyncLamp.SyncPlay)), ("fs", scores.Count(s => s.SyncLamp >= SyncLamp.FullSync)),
                ("fsp", scores.Count(s => s.SyncLamp >= SyncLamp.FullSyncPlus)), ("fdx", scores.Count(s => s.SyncLamp >= SyncLamp.FullSyncDx)),
                ("fdxp", scores.Count(s => s.SyncLamp >= SyncLamp.FullSyncDxPlus)),
            ],
            [.. Enumerable.Range(1, 5).Select(n => ($"dxstar_{n}", scores.Count(s => s.DxStars >= n)))],
        ];
        var output = new StringBuilder();
        for (var r = 0; r < rows.Length; r++)
        {
            if (r > 0)
            {
                output.Append("\t\t\t</tr>\n\t\t\t<tr>\n");
            }

            foreach (var (icon, count) in rows[r])
            {
                output.Append("\t\t\t\t<td class=\"t_c\"><img src=\"").Append(site).Append("img/music_icon_").Append(icon)
                    .Append(".png?ver=1.60\" class=\"h_30\"/><div class=\"f_10\">").Append(Html.Number(count)).Append('/')
                    .Append(Html.Number(total)).Append("</div></td>\n");
            }
        }

        return output.ToString();
    }
}
