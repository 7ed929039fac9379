using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

public sealed class RatingTargetPageParserTests
{
    private static RatingTargetPage Parse() => Parsed(RatingTargetPageParser.Parse(Fixtures.Html(Fixtures.RatingTarget), Region.Intl));

    [SharedFact]
    public void Reads_the_four_sections()
    {
        var page = Parse();

        Assert.Equal(13733, page.Rating);
        Assert.Equal([15, 35, 20, 20], new[] { page.New, page.Others, page.SelectionNew, page.SelectionOthers }.Select(s => s.Count));
        var all = page.New.Concat(page.Others).Concat(page.SelectionNew).Concat(page.SelectionOthers).ToList();
        Assert.Equal(Fixtures.Occurrences(Fixtures.Html(Fixtures.RatingTarget), "ratingtarget_scorerank_img"), all.Count);
        Assert.All(all, e => Assert.Equal(e.Achievement.Rank, e.Rank));
        Assert.Equal(47, all.Count(e => e.Difficulty == Difficulty.Expert));
        Assert.Equal(43, all.Count(e => e.Difficulty == Difficulty.Master));
    }

    [SharedFact]
    public void Entries_read_field_by_field_including_the_nbsp_achievement()
    {
        var page = Parse();

        Assert.Equal(
            new RatingTargetEntry("少女レイ", ChartType.Dx, Difficulty.Master, new Level(127), new Achievement(1_005_320), ScoreRank.SSSPlus,
                "8c8b95eb7fd13c7aa6430f1e5ec8b414cdc5abf97f16bfa5ddfd828229a63b271289bb604ae87d0c086fd726e1d1f6e5d0ddf97cd2388b699b9be1a486173506j5IroYqB7h/VL9epWXPv052Q35n56mnzY0jU1RJwA0k="),
            page.New[0]);
        Assert.Equal(("おべんきょうたいむ", Difficulty.Expert, new Level(120), new Achievement(1_000_547), ScoreRank.SSS), (page.SelectionNew[0].Title, page.SelectionNew[0].Difficulty, page.SelectionNew[0].Level, page.SelectionNew[0].Achievement, page.SelectionNew[0].Rank));
        Assert.Equal(("きゅうくらりん", new Level(137), new Achievement(973_881), ScoreRank.S), (page.SelectionOthers[0].Title, page.SelectionOthers[0].Level, page.SelectionOthers[0].Achievement, page.SelectionOthers[0].Rank));
        Assert.Equal(("グリーンライツ・セレナーデ", new Achievement(991_064), ScoreRank.SS), (page.SelectionOthers[^1].Title, page.SelectionOthers[^1].Achievement, page.SelectionOthers[^1].Rank));
    }

    [SharedFact]
    public void A_missing_section_fails_the_page()
    {
        var html = Fixtures.Html(Fixtures.RatingTarget).Replace("<div class=\"screw_block m_15 f_15 p_s\">Songs for Rating(Others)</div>", string.Empty, StringComparison.Ordinal);

        Unexpected(RatingTargetPageParser.Parse(html, Region.Intl), DxNetPageKind.RatingTarget);
    }
}
