using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

public sealed class ScoreListPageParserTests
{
    private static readonly string[] Genres = ["POPS＆ANIME", "niconico＆VOCALOID™", "東方Project", "GAME＆VARIETY", "maimai", "オンゲキ＆CHUNITHM"];

    public static TheoryData<string> ScoreLists => Fixtures.Data(Fixtures.ScoreLists);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<ScoreListPage>> Pages = new();

    // Each 1.2-1.6 MB page is parsed once per run and shared by the tests below.
    private static ScoreListPage Parse(string file) =>
        Pages.GetOrAdd(file, f => new Lazy<ScoreListPage>(() => Parsed(ScoreListPageParser.Parse(Fixtures.Html(f), Region.Intl)))).Value;

    [SharedTheory]
    [InlineData(Fixtures.Basic, Difficulty.Basic)]
    [InlineData(Fixtures.Advanced, Difficulty.Advanced)]
    [InlineData(Fixtures.Expert, Difficulty.Expert)]
    [InlineData(Fixtures.Master, Difficulty.Master)]
    public void Every_chart_of_a_difficulty_is_one_row(string file, Difficulty difficulty)
    {
        var page = Parse(file);

        Assert.Equal(1357, page.Rows.Count);
        Assert.Equal(813, page.Rows.Count(r => r.Type == ChartType.Dx));
        Assert.Equal(544, page.Rows.Count(r => r.Type == ChartType.Std));
        Assert.All(page.Rows, r => Assert.Equal(difficulty, r.Difficulty));
        Assert.Equal(Genres, page.Rows.Select(r => r.Heading).Distinct());
        Assert.Equal(1357, page.Rows.Select(r => r.MusicDetailIdx).Distinct().Count());
    }

    [SharedFact]
    public void Re_master_list_has_134_rows()
    {
        var page = Parse(Fixtures.ReMaster);

        Assert.Equal(134, page.Rows.Count);
        Assert.All(page.Rows, r => Assert.Equal(Difficulty.ReMaster, r.Difficulty));
        Assert.Equal(12, page.Rows.Count(r => r.IsPlayed));
        var last = page.Rows[^1];
        Assert.Equal(("オンゲキ＆CHUNITHM", "レーイレーイ", ChartType.Dx, "13+"), (last.Heading, last.Title, last.Type, last.Level.Display));
        Assert.False(last.IsPlayed);
    }

    [SharedTheory]
    [MemberData(nameof(ScoreLists))]
    public void Summary_counts_agree_with_the_rows(string file)
    {
        var page = Parse(file);
        var rows = page.Rows;
        var s = page.Summary;

        Assert.Equal(s.Total, rows.Count);
        Assert.Equal(s.Clear, rows.Count(r => r.Achievement >= new Achievement(800_000)));
        int RankAtLeast(ScoreRank rank) => rows.Count(r => r.Rank >= rank);
        Assert.Equal(
            [s.S, s.SPlus, s.SS, s.SSPlus, s.SSS, s.SSSPlus],
            [RankAtLeast(ScoreRank.S), RankAtLeast(ScoreRank.SPlus), RankAtLeast(ScoreRank.SS), RankAtLeast(ScoreRank.SSPlus), RankAtLeast(ScoreRank.SSS), RankAtLeast(ScoreRank.SSSPlus)]);
        Assert.Equal(
            [s.FullCombo, s.FullComboPlus, s.AllPerfect, s.AllPerfectPlus],
            [.. Enumerable.Range(1, 4).Select(l => rows.Count(r => (int)r.ComboLamp >= l))]);
        Assert.Equal(
            [s.SyncPlay, s.FullSync, s.FullSyncPlus, s.FullSyncDx, s.FullSyncDxPlus],
            [.. Enumerable.Range(1, 5).Select(l => rows.Count(r => (int)r.SyncLamp >= l))]);
    }

    [SharedTheory]
    [MemberData(nameof(ScoreLists))]
    public void Lamp_and_rank_totals_match_icon_counts_in_the_raw_html(string file)
    {
        var html = Fixtures.Html(file);
        var rows = Parse(file).Rows;

        // The summary table shows each of these icons once; every other occurrence is one row's lamp.
        var inSummary = new HashSet<string> { "s", "sp", "ss", "ssp", "sss", "sssp", "fc", "fcp", "ap", "app", "sync", "fs", "fsp", "fdx", "fdxp" };
        int Raw(string icon) => Fixtures.Occurrences(html, $"/music_icon_{icon}.png") - (inSummary.Contains(icon) ? 1 : 0);

        string[] rankIcons = ["d", "c", "b", "bb", "bbb", "a", "aa", "aaa", "s", "sp", "ss", "ssp", "sss", "sssp"];
        for (var rank = 0; rank < rankIcons.Length; rank++)
        {
            Assert.Equal(Raw(rankIcons[rank]), rows.Count(r => r.Rank == (ScoreRank)rank));
        }

        string[] comboIcons = ["fc", "fcp", "ap", "app"];
        string[] syncIcons = ["sync", "fs", "fsp", "fdx", "fdxp"];
        for (var i = 0; i < comboIcons.Length; i++)
        {
            Assert.Equal(Raw(comboIcons[i]), rows.Count(r => r.ComboLamp == (ComboLamp)(i + 1)));
        }

        for (var i = 0; i < syncIcons.Length; i++)
        {
            Assert.Equal(Raw(syncIcons[i]), rows.Count(r => r.SyncLamp == (SyncLamp)(i + 1)));
        }

        Assert.Equal(Fixtures.Occurrences(html, "/music_icon_back.png"), rows.Count(r => r.IsPlayed && r.ComboLamp == ComboLamp.None) + rows.Count(r => r.IsPlayed && r.SyncLamp == SyncLamp.None));
        Assert.Equal(Fixtures.Occurrences(html, "/deluxscore.png"), rows.Count(r => r.IsPlayed));
        Assert.Equal(Fixtures.Occurrences(html, "music_standard.png"), rows.Count(r => r.Type == ChartType.Std));
        Assert.All(rows.Where(r => r.IsPlayed), r => Assert.Equal(r.Achievement!.Value.Rank, r.Rank));
        Assert.All(rows.Where(r => !r.IsPlayed), r => Assert.Equal((null, null, null, ComboLamp.None, SyncLamp.None), (r.DxScore, r.MaxDxScore, r.Rank, r.ComboLamp, r.SyncLamp)));
    }

    [SharedFact]
    public void Master_rows_read_field_by_field()
    {
        var rows = Parse(Fixtures.Master).Rows;

        Assert.Equal(
            new ScoreListRow("POPS＆ANIME", "ビビデバ", ChartType.Dx, Difficulty.Master, new Level(117), new Achievement(1_006_868), 1796, 2004,
                ComboLamp.FullComboPlus, SyncLamp.SyncPlay, ScoreRank.SSSPlus,
                "ac96f8d516936af60cc873ff17760dcd0cd33daac36c2c7adf154af259de9a90721ffa917c825de9743b4ff52b58f70e7ddc7136bedfd986ea1e89116227676b/8IfMBxULtBlsO7pUB2RPYzz4kHH2xqX21y+fH5P/9g="),
            rows[0]);
        Assert.Equal(
            new ScoreListRow("POPS＆ANIME", "モエチャッカファイア", ChartType.Dx, Difficulty.Master, new Level(137), null, null, null,
                ComboLamp.None, SyncLamp.None, null,
                "ed0db9ca77d5f7b3cc80cb806a499acf297b72ce2b595972834d841a83c93ace65ba90510ab7d156da2f8abc31f19bde2ff65e9627951bb2f3c5b7cbb9bd07edImrKJiudElN/Tj9SMy1eTkWqei6bVTV12PXsI0pqWlA="),
            rows[1]);
        Assert.Equal(
            ("もういいよ", new Level(130), new Achievement(945_972), 1887, 2418, ComboLamp.None, SyncLamp.SyncPlay, ScoreRank.AAA),
            (rows[3].Title, rows[3].Level, rows[3].Achievement!.Value, rows[3].DxScore!.Value, rows[3].MaxDxScore!.Value, rows[3].ComboLamp, rows[3].SyncLamp, rows[3].Rank!.Value));

        var std = Assert.Single(rows, r => r.Title == "全世界共通リズム感テスト");
        Assert.Equal(
            new ScoreListRow("maimai", "全世界共通リズム感テスト", ChartType.Std, Difficulty.Master, new Level(120), new Achievement(830_674), 196, 387,
                ComboLamp.FullCombo, SyncLamp.SyncPlay, ScoreRank.A,
                "d5ae736d5813530abb32bd2c76a34e11906d518ce65f64346423f271607467f85beaba0be9455de118d52a326964e448337923b90010b3be164450d1a1f91e55o0r1Hw4DXu5b2MJyhQsfn3Uhfk+2XjRrEFoZ9h9r31U="),
            std);
    }

    [SharedFact]
    public void Tricky_titles_survive_exactly()
    {
        var rows = Parse(Fixtures.Master).Rows;

        var blank = Assert.Single(rows, r => r.Title == "\u3000");
        Assert.Equal(("POPS＆ANIME", ChartType.Dx, new Achievement(933_740), 1382, 1815, ScoreRank.AA), (blank.Heading, blank.Type, blank.Achievement!.Value, blank.DxScore!.Value, blank.MaxDxScore!.Value, blank.Rank!.Value));
        Assert.Equal(["niconico＆VOCALOID™", "maimai"], rows.Where(r => r.Title == "Link").Select(r => r.Heading));
        Assert.Equal("GAME＆VARIETY", Assert.Single(rows, r => r.Title == "Trust").Heading);
        Assert.Equal("オンゲキ＆CHUNITHM", Assert.Single(rows, r => r.Title == "TRUST").Heading);

        // A title with both chart types appears once per type.
        Assert.Equal([ChartType.Std, ChartType.Dx], rows.Where(r => r.Title == "ゴーストルール").Select(r => r.Type).Order());
    }

    [SharedFact]
    public void Level_list_rows_carry_the_level_heading()
    {
        var page = Parse(Fixtures.Level13);

        Assert.Equal(205, page.Rows.Count);
        Assert.All(page.Rows, r => Assert.Equal("LEVEL 10", r.Heading));
        Assert.All(page.Rows, r => Assert.Equal(new Level(100), r.Level));
        Assert.Equal(200, page.Rows.Count(r => r.Difficulty == Difficulty.Expert));
        Assert.Equal(5, page.Rows.Count(r => r.Difficulty == Difficulty.Advanced));
        Assert.Equal(
            new ScoreListRow("LEVEL 10", "阿修羅ちゃん", ChartType.Dx, Difficulty.Expert, new Level(100), new Achievement(998_039), 1275, 1458,
                ComboLamp.None, SyncLamp.SyncPlay, ScoreRank.SSPlus,
                "4e9a66d749e2d004452466d33b54e01a7fd8008603b3d5db099e9b98af5c027ecc95f0a1169b38aaedc30cffb2bfccdb2faaef48aad9b4c60098f0b358facc86/Oes04I0fOLKj9LJxOD7CSCN1Wy2op+5HL1Qgj+UI+s="),
            page.Rows[0]);
        Assert.Equal((ComboLamp.FullCombo, ScoreRank.SSSPlus), (page.Rows[1].ComboLamp, page.Rows[1].Rank!.Value));
    }

    [SharedFact]
    public void Version_list_rows_carry_the_version_heading()
    {
        var page = Parse(Fixtures.Version17);

        Assert.Equal(65, page.Rows.Count);
        Assert.Equal(65, page.Summary.Total);
        Assert.All(page.Rows, r => Assert.Equal(("UNiVERSE", Difficulty.Basic, false), (r.Heading, r.Difficulty, r.IsPlayed)));
    }
}
