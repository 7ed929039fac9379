using Maimai.Core.Game;
using Maimai.Core.Rating;

namespace Maimai.Core.Tests.Rating;

public sealed class RatingReportTests
{
    private static readonly int OldCode = GameVersion.Parse("FESTiVAL").FirstCode;

    private static RatedScore Old(int id, int displayedTenths, int? internalTenths, int achievement) =>
        new(id, OldCode, Difficulty.Master, new Level(displayedTenths), internalTenths is { } t ? new Level(t) : null, new Achievement(achievement), ComboLamp.None);

    [Fact]
    public void Unknown_levels_are_listed_when_they_count_or_could_count_at_the_top_of_their_level()
    {
        // 35 old charts at 13.2 and 100.0000% are worth 285 each: the old 35 is full and its floor is 285.
        var scores = Enumerable.Range(1, 35).Select(id => Old(id, 130, 132, 1_000_000)).ToList();
        scores.Add(Old(100, 140, null, 995_000)); // "14" at 99.5000%: 293 at 14.0, counts.
        scores.Add(Old(101, 130, null, 1_000_000)); // "13" at 100.0000%: 280 at 13.0, but 293 at 13.6: could count.
        scores.Add(Old(102, 137, null, 970_000)); // "13+" at 97.0000%: at most 269 at 13.9: cannot count.

        var report = RatingReport.Build(scores, GameVersion.Circle);

        Assert.Equal([100, 101], report.UnknownLevels.Select(c => c.Score.ChartId));
        Assert.Equal((293, 280), (report.UnknownLevels[0].Value, report.UnknownLevels[1].Value));
        Assert.Contains(report.Rating.OldBest, c => c.Score.ChartId == 100);
        Assert.DoesNotContain(report.Rating.OldBest, c => c.Score.ChartId == 101);
        Assert.All(report.UnknownLevels, c => Assert.False(c.IsNew));
    }

    [Fact]
    public void Charts_the_site_displays_at_another_level_are_listed_when_they_count_or_could_count_at_the_top_of_that_level()
    {
        // The same full old 35 (floor 285); each extra chart says which level DX NET displayed beside it.
        var scores = Enumerable.Range(1, 35).Select(id => Old(id, 130, 132, 1_000_000)).ToList();
        scores.Add(Old(100, 140, 140, 995_000) with { SiteLevel = new Level(137) }); // counts (293); the site shows 13+: changed.
        scores.Add(Old(101, 130, 135, 1_000_000) with { SiteLevel = new Level(137) }); // the list has 13 (13.5), the site shows 13+; counts (291).
        scores.Add(Old(102, 137, 137, 1_000_000) with { SiteLevel = new Level(137) }); // agrees (and counts at 295).
        scores.Add(Old(103, 130, 130, 970_000) with { SiteLevel = new Level(137) }); // changed, but at most 269 at 13.9: cannot count.
        scores.Add(Old(104, 140, 140, 995_000)); // no displayed level kept: never named.
        scores.Add(Old(105, 130, 136, 1_000_000) with { SiteLevel = new Level(130), Difficulty = Difficulty.Utage }); // utage: never rated.
        scores.Add(Old(106, 130, 130, 1_000_000) with { SiteLevel = new Level(137) }); // 280 at 13.0 does not count; at 13.9 it would.

        var report = RatingReport.Build(scores, GameVersion.Circle);

        Assert.Equal([100, 101, 106], report.ChangedLevels.Select(c => c.Score.ChartId));
        Assert.Contains(report.Rating.OldBest, c => c.Score.ChartId == 101);
        Assert.DoesNotContain(report.Rating.OldBest, c => c.Score.ChartId == 106);
        // Valued as rated, from the song list.
        Assert.Equal((293, 291, 280), (report.ChangedLevels[0].Value, report.ChangedLevels[1].Value, report.ChangedLevels[2].Value));
        Assert.Empty(report.UnknownLevels);
    }

    [Theory]
    [InlineData(130, 130, 136, false)]
    [InlineData(137, 137, 137, false)]
    [InlineData(137, 137, 135, false)] // the list's internal level is not compared: both say 13+
    [InlineData(130, 137, 137, true)] // the site shows 13; the song list has 13+ (13.7)
    [InlineData(137, 130, 137, true)]
    [InlineData(140, 137, 139, true)]
    public void A_chart_may_have_changed_level_when_the_sites_level_disagrees_with_the_song_list(int site, int listed, int measured, bool changed)
    {
        var score = Old(1, listed, measured, 1_000_000) with { SiteLevel = new Level(site) };
        Assert.Equal(changed, score.LevelMayHaveChanged);
        Assert.False((score with { SiteLevel = null }).LevelMayHaveChanged);
    }

    [Theory]
    [InlineData(130)]
    [InlineData(137)]
    public void Highest_level_of_a_displayed_level(int displayed)
    {
        var highest = RatingReport.HighestFor(new Level(displayed));
        Assert.Equal(displayed % 10 >= 7 ? displayed + 2 : displayed + 6, highest.Tenths);
        Assert.Equal(new Level(displayed).Display, highest.Display);
    }

    [Fact]
    public void Next_rank_is_the_lowest_bound_above_and_its_gain_is_exact()
    {
        Assert.Equal(new Achievement(800_000), NextRank.BoundAbove(new Achievement(799_999)));
        Assert.Equal(new Achievement(995_000), NextRank.BoundAbove(new Achievement(990_000)));
        Assert.Null(NextRank.BoundAbove(new Achievement(1_005_000)));

        // 13.0 at 99.4000% is floor(13.0 x 99.4 x 20.8 / 100) = 268; at 99.5000% floor(13.0 x 99.5 x 21.1 / 100) = 272.
        var score = Old(1, 130, 130, 994_000);
        var chart = new RatedChart(score, GameVersion.Parse("FESTiVAL"), false, ChartRating.Value(new Level(130), score.Achievement, ComboLamp.None));
        Assert.Equal(268, chart.Value);
        Assert.Equal(4, NextRank.Gain(chart));
    }
}
