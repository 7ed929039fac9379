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
