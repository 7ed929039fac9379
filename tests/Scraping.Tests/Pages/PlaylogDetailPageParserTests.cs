using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

public sealed class PlaylogDetailPageParserTests
{
    private static readonly JudgementTable Expected = new(
        new JudgementRow(512, 30, 2, 0, 1),
        new JudgementRow(40, 3, 0, 0, 0),
        new JudgementRow(1024, null, 0, null, 0),
        new JudgementRow(null, null, null, null, null),
        new JudgementRow(20, 4, 1, 0, 0));

    [Fact]
    public void Reads_the_judgement_table_and_the_gray_block()
    {
        var detail = Parsed(PlaylogDetailPageParser.Parse(PlaylogDetailPages.Tiny(), Region.Intl));

        Assert.Equal(Expected, detail.Judgements);
        Assert.Equal((12, 34), (detail.Fast, detail.Late));
        Assert.Equal(new Fraction(612, 620), detail.MaxCombo);
        Assert.Null(detail.MaxSync);
        Assert.Equal("Round1 Test Arcade", detail.Venue);
        Assert.Equal((13400, 6), (detail.RatingAfter!.Value, detail.RatingChange!.Value));

        var record = detail.Record;
        Assert.Equal(
            (2, Difficulty.Expert, ChartType.Dx, "サイエンス", new Level(100), new Achievement(1_009_583), ScoreRank.SSSPlus, true, 1485, 1596, 3, ComboLamp.AllPerfect, SyncLamp.None),
            (record.Track, record.Difficulty, record.Type, record.Title, record.Level, record.Achievement, record.Rank, record.IsNewRecord, record.DxScore, record.MaxDxScore!.Value, record.DxStars, record.ComboLamp, record.SyncLamp));
        Assert.Null(record.Idx);
    }

    [Fact]
    public void Max_sync_and_a_negative_rating_change_are_read_when_shown()
    {
        var gray = PlaylogDetailPages.DefaultGrayBlock.Replace("―", "1,200/1,240", StringComparison.Ordinal).Replace("(+6)", "(-3)", StringComparison.Ordinal);

        var detail = Parsed(PlaylogDetailPageParser.Parse(PlaylogDetailPages.Tiny(gray), Region.Jp));

        Assert.Equal(new Fraction(1200, 1240), detail.MaxSync);
        Assert.Equal(-3, detail.RatingChange);
    }

    [Theory]
    [InlineData("<td>512</td>", "<td>5x2</td>")]
    [InlineData("<td>20</td><td>4</td><td>1</td><td>0</td><td>0</td>", "<td>20</td><td>4</td><td>1</td><td>0</td>")]
    [InlineData("<div class=\"p_t_5 p_b_5\">34</div>", "")]
    [InlineData("612/620", "612")]
    [InlineData("<table class=\"playlog_notes_detail", "<table class=\"notes")]
    public void A_broken_gray_block_fails_the_page(string from, string to)
    {
        Assert.Contains(from, PlaylogDetailPages.DefaultGrayBlock, StringComparison.Ordinal);
        var page = PlaylogDetailPages.Tiny(PlaylogDetailPages.DefaultGrayBlock.Replace(from, to, StringComparison.Ordinal));

        Assert.NotNull(PlaylogDetailPageParser.Parse(page, Region.Intl).Failure);
    }

    [SharedFact]
    public void Reads_a_page_built_from_the_real_record_markup()
    {
        var page = PlaylogDetailPages.FromRecordPage(Fixtures.Html(Fixtures.Record));

        var detail = Parsed(PlaylogDetailPageParser.Parse(page, Region.Intl));

        Assert.Equal(Expected, detail.Judgements);
        Assert.Equal(("tape/stop/night", new Achievement(942_744), 1298, "14,1769098716"), (detail.Record.Title, detail.Record.Achievement, detail.Record.DxScore, detail.Record.Idx!.Raw));
        Assert.Equal("Round1 Test Arcade", detail.Venue);
    }

    [SharedFact]
    public void A_record_page_is_not_a_playlog_detail()
    {
        Unexpected(PlaylogDetailPageParser.Parse(Fixtures.Html(Fixtures.Record), Region.Intl), DxNetPageKind.PlaylogDetail);
        Unexpected(RecordPageParser.Parse(PlaylogDetailPages.Tiny(), Region.Intl), DxNetPageKind.Record);
    }
}
