using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

public sealed class RecordPageParserTests
{
    private static RecordPage Parse() => Parsed(RecordPageParser.Parse(Fixtures.Html(Fixtures.Record), Region.Intl));

    [SharedFact]
    public void Reads_fifty_plays_newest_first()
    {
        var entries = Parse().Entries;

        Assert.Equal(50, entries.Count);
        Assert.Equal(entries.OrderByDescending(e => e.Idx!.UnixTime), entries);
        Assert.Equal(50, entries.Select(e => e.Idx!.Position).Distinct().Count());
        Assert.Equal([16, 16, 16, 2], entries.GroupBy(e => e.Track).OrderBy(g => g.Key).Select(g => g.Count()));

        // The idx's unix time is the play time; the page shows it to the minute in Japan time.
        Assert.All(entries, e => Assert.InRange(e.Idx!.PlayedAt - e.PlayedAt, TimeSpan.Zero, TimeSpan.FromSeconds(59)));
        Assert.All(entries, e => Assert.Equal(e.Achievement.Rank, e.Rank));
    }

    [SharedFact]
    public void Badge_lamp_and_star_totals_match_the_raw_html()
    {
        var html = Fixtures.Html(Fixtures.Record);
        var entries = Parse().Entries;

        Assert.Equal(Fixtures.Occurrences(html, "playlog_achievement_newrecord"), entries.Count(e => e.IsNewRecord));
        Assert.Equal(Fixtures.Occurrences(html, "playlog_deluxscore_newrecord"), entries.Count(e => e.IsDxScoreNewRecord));
        Assert.Equal(38, entries.Count(e => e.IsNewRecord));
        Assert.Equal(Fixtures.Occurrences(html, "class=\"playlog_deluxscore_star\""), entries.Count(e => e.DxStars > 0));
        Assert.Equal([15, 2, 1], new[] { 1, 2, 3 }.Select(n => entries.Count(e => e.DxStars == n)));
        Assert.Equal(Fixtures.Occurrences(html, "playlog/fc_dummy.png"), entries.Count(e => e.ComboLamp == ComboLamp.None));
        Assert.Equal([2, 2, 1], new[] { ComboLamp.FullCombo, ComboLamp.FullComboPlus, ComboLamp.AllPerfect }.Select(l => entries.Count(e => e.ComboLamp == l)));
        Assert.Equal(Fixtures.Occurrences(html, "playlog/sync.png"), entries.Count(e => e.SyncLamp == SyncLamp.SyncPlay));
        Assert.Equal(Fixtures.Occurrences(html, "playlog/2nd.png"), entries.Count(e => e.MatchingRank == 2));
        Assert.Equal(5, entries.Count(e => e.MatchingRank is not null));
        Assert.Equal([37, 10, 3], new[] { Difficulty.Master, Difficulty.Expert, Difficulty.ReMaster }.Select(d => entries.Count(e => e.Difficulty == d)));
        Assert.Equal(Fixtures.Occurrences(html, "img/music_standard.png"), entries.Count(e => e.Type == ChartType.Std));
    }

    [SharedFact]
    public void Entries_read_field_by_field()
    {
        var entries = Parse().Entries;

        Assert.Equal(
            new RecordEntry(
                3, new DateTimeOffset(2026, 1, 23, 1, 18, 0, TimeSpan.FromHours(9)), Difficulty.Master, ChartType.Dx, "tape/stop/night", new Level(127),
                "https://maimaidx-eng.com/maimai-mobile/img/Music/21d83321da86a7b8.png",
                new Achievement(942_744), ScoreRank.AAA, true, 1298, 1689, true, 0, ComboLamp.None, SyncLamp.None, null,
                new PlaylogIdx("14,1769098716", 14, 1769098716)),
            entries[0]);

        var fourth = Assert.Single(entries, e => e.Track == 4 && e.Title == "少女レイ");
        Assert.Equal(
            (new Achievement(996_567), ScoreRank.SSPlus, false, 1617, 1866, false, 1, ComboLamp.None, SyncLamp.SyncPlay, (int?)2, "19,1769011931"),
            (fourth.Achievement, fourth.Rank, fourth.IsNewRecord, fourth.DxScore, fourth.MaxDxScore!.Value, fourth.IsDxScoreNewRecord, fourth.DxStars, fourth.ComboLamp, fourth.SyncLamp, fourth.MatchingRank, fourth.Idx!.Raw));

        var allPerfect = Assert.Single(entries, e => e.ComboLamp == ComboLamp.AllPerfect);
        Assert.Equal(("サイエンス", Difficulty.Expert, new Achievement(1_009_583), 1485, 1596, 3), (allPerfect.Title, allPerfect.Difficulty, allPerfect.Achievement, allPerfect.DxScore, allPerfect.MaxDxScore!.Value, allPerfect.DxStars));

        var std = Assert.Single(entries, e => e.Type == ChartType.Std);
        Assert.Equal(("ミラクル・ショッピング", new Achievement(982_180), ScoreRank.SPlus), (std.Title, std.Achievement, std.Rank));
    }

    [Theory]
    [InlineData("14,1769098716", true, 14, 1769098716L)]
    [InlineData("0,1", true, 0, 1L)]
    [InlineData("14", false, 0, 0L)]
    [InlineData(",1769098716", false, 0, 0L)]
    [InlineData("14,", false, 0, 0L)]
    [InlineData("a,1769098716", false, 0, 0L)]
    [InlineData("14,-5", false, 0, 0L)]
    [InlineData("14,99999999999999", false, 0, 0L)]
    public void Playlog_idx_parses_exactly(string text, bool ok, int position, long unix)
    {
        Assert.Equal(ok, PlaylogIdx.TryParse(text, out var idx));
        if (ok)
        {
            Assert.Equal((text, position, unix), (idx!.Raw, idx.Position, idx.UnixTime));
        }
    }
}
