using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

public sealed class MusicDetailPageParserTests
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    private static MusicDetail Parse(string file) => Parsed(MusicDetailPageParser.Parse(Fixtures.Html(file), Region.Intl));

    [SharedFact]
    public void Example1_reads_song_and_every_chart()
    {
        var song = Parse(Fixtures.Example1);

        Assert.Equal(("シリウスの輝きのように", "POPS＆ANIME", ChartType.Dx, "https://maimaidx-eng.com/maimai-mobile/img/Music/e855318fd3b94fc0.png"), (song.Title, song.Genre, song.Type, song.JacketUrl));
        Assert.StartsWith("鳳 ここな(CV.石見舞菜香)、静香(CV.長谷川育美)", song.Artist, StringComparison.Ordinal);
        Assert.EndsWith("流石知冴(CV.佐々木李子)", song.Artist, StringComparison.Ordinal);
        Assert.Equal(
            [
                new MusicDetailChart(ChartType.Dx, Difficulty.Basic, new Level(40), null, null, null, null, null, null, ComboLamp.None, SyncLamp.None, 0),
                new MusicDetailChart(ChartType.Dx, Difficulty.Advanced, new Level(77), null, null, null, null, null, null, ComboLamp.None, SyncLamp.None, 0),
                new MusicDetailChart(ChartType.Dx, Difficulty.Expert, new Level(107), new DateTimeOffset(2025, 10, 23, 0, 15, 0, Japan), 1,
                    new Achievement(984_787), 1019, 1248, ScoreRank.SPlus, ComboLamp.FullCombo, SyncLamp.SyncPlay, 0),
                new MusicDetailChart(ChartType.Dx, Difficulty.Master, new Level(120), new DateTimeOffset(2026, 1, 3, 19, 15, 0, Japan), 16,
                    new Achievement(1_000_252), 1292, 1434, ScoreRank.SSS, ComboLamp.None, SyncLamp.SyncPlay, 2),
                new MusicDetailChart(ChartType.Dx, Difficulty.ReMaster, new Level(140), null, null, null, null, null, null, ComboLamp.None, SyncLamp.None, 0),
            ],
            song.Charts);
    }

    [SharedFact]
    public void Example2_is_a_standard_chart_set_with_re_master()
    {
        var song = Parse(Fixtures.Example2);

        Assert.Equal(("だんだん早くなる", "40mP", "niconico＆VOCALOID™", ChartType.Std), (song.Title, song.Artist, song.Genre, song.Type));
        Assert.Equal([30, 80, 100, 120, 127], song.Charts.Select(c => c.Level.Tenths));
        Assert.All(song.Charts, c => Assert.Equal(ChartType.Std, c.Type));
        var reMaster = song.Charts[4];
        Assert.Equal(
            new MusicDetailChart(ChartType.Std, Difficulty.ReMaster, new Level(127), new DateTimeOffset(2026, 1, 11, 22, 33, 0, Japan), 5,
                new Achievement(966_300), 1373, 1656, ScoreRank.AAA, ComboLamp.None, SyncLamp.SyncPlay, 0),
            reMaster);
        Assert.Equal((new Achievement(973_447), 956, 1260, 1), (song.Charts[1].Achievement!.Value, song.Charts[1].DxScore!.Value, song.Charts[1].MaxDxScore!.Value, song.Charts[1].PlayCount!.Value));
    }

    [SharedFact]
    public void Missing_artist_is_null_and_unplayed_charts_have_no_best()
    {
        var song = Parse(Fixtures.MissingArtist);

        Assert.Equal(("ぽっぴっぽー", null, "niconico＆VOCALOID™", ChartType.Std), (song.Title, song.Artist, song.Genre, song.Type));
        Assert.Equal([Difficulty.Basic, Difficulty.Advanced, Difficulty.Expert, Difficulty.Master], song.Charts.Select(c => c.Difficulty));
        Assert.Equal([40, 70, 97, 130], song.Charts.Select(c => c.Level.Tenths));
        Assert.All(song.Charts, c => Assert.Equal((null, null, null, null, null), (c.LastPlayed, c.PlayCount, c.Achievement, c.DxScore, c.Rank)));
    }

    [SharedFact]
    public void A_title_that_is_one_full_width_space_is_kept()
    {
        var song = Parse(Fixtures.MissingTitle);

        Assert.Equal(("\u3000", "x0o0x_", "POPS＆ANIME", ChartType.Dx), (song.Title, song.Artist, song.Genre, song.Type));
        Assert.Equal(
            new MusicDetailChart(ChartType.Dx, Difficulty.Expert, new Level(100), new DateTimeOffset(2025, 10, 15, 23, 28, 0, Japan), 1,
                new Achievement(983_234), 929, 1071, ScoreRank.SPlus, ComboLamp.None, SyncLamp.SyncPlay, 1),
            song.Charts[2]);
        Assert.Equal((3, new Achievement(975_696), 1526, 1815, ScoreRank.S), (song.Charts[3].PlayCount!.Value, song.Charts[3].Achievement!.Value, song.Charts[3].DxScore!.Value, song.Charts[3].MaxDxScore!.Value, song.Charts[3].Rank!.Value));
    }

    [SharedTheory]
    [InlineData("<td>16</td>", "<td>sixteen</td>")]
    [InlineData("100.0252%", "100.02x52%")]
    [InlineData("2026/01/03 19:15", "2026-01-03")]
    [InlineData("img/music_icon_sss.png?ver=1.50\" class=\"p_t_5", "img/music_icon_ss.png?ver=1.50\" class=\"p_t_5")]
    public void A_broken_or_inconsistent_field_fails_the_page(string from, string to)
    {
        var html = Fixtures.Html(Fixtures.Example1);
        Assert.Contains(from, html, StringComparison.Ordinal);

        Unexpected(MusicDetailPageParser.Parse(html.Replace(from, to, StringComparison.Ordinal), Region.Intl), DxNetPageKind.MusicDetail);
    }
}
