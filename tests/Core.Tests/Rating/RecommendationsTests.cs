using Maimai.Core.Game;
using Maimai.Core.Rating;

namespace Maimai.Core.Tests.Rating;

public sealed class RecommendationsTests
{
    private static readonly int OldCode = GameVersion.Parse("FESTiVAL").FirstCode;
    private static readonly int NewCode = GameVersion.Circle.FirstCode;

    private static RatedScore Score(int id, int code, int levelTenths, int achievement, Difficulty difficulty = Difficulty.Master) =>
        new(id, code, difficulty, new Level(levelTenths), new Level(levelTenths), new Achievement(achievement), ComboLamp.None);

    /// <summary>The gain recomputed the slow way: the whole rating again with the chart's achievement raised.</summary>
    private static int Recomputed(IReadOnlyCollection<RatedScore> scores, int chartId, Achievement target) =>
        RatingCalculator.Compute(scores.Select(s => s.ChartId == chartId ? s with { Achievement = target } : s), GameVersion.Circle).Total
        - RatingCalculator.Compute(scores, GameVersion.Circle).Total;

    [Fact]
    public void Every_gain_equals_the_rating_recomputed_with_the_chart_improved()
    {
        var random = new Random(12);
        var scores = Enumerable.Range(1, 120)
            .Select(id => Score(id, random.Next(4) == 0 ? NewCode : OldCode, 100 + random.Next(50), 800_000 + random.Next(205_001)))
            .ToList();

        var found = Recommendations.For(scores, GameVersion.Circle, int.MaxValue);

        Assert.NotEmpty(found);
        foreach (var r in found)
        {
            Assert.Equal(Recomputed(scores, r.Chart.Score.ChartId, r.NextTarget), r.NextGain);
            if (r.SecondTarget is { } second)
            {
                Assert.Equal(Recomputed(scores, r.Chart.Score.ChartId, second), r.SecondGain);
                Assert.True(r.SecondGain >= r.NextGain, "two ranks add at least what one does");
            }
        }

        // Nothing left out that would gain: every other chart's next two ranks add nothing.
        var listed = found.Select(r => r.Chart.Score.ChartId).ToHashSet();
        foreach (var s in scores.Where(s => !listed.Contains(s.ChartId)))
        {
            if (NextRank.BoundAbove(s.Achievement) is { } next)
            {
                Assert.Equal(0, Recomputed(scores, s.ChartId, next));
                if (NextRank.BoundAbove(next) is { } second)
                {
                    Assert.Equal(0, Recomputed(scores, s.ChartId, second));
                }
            }
        }

        Assert.Equal(found.OrderByDescending(r => r.NextGain).ThenByDescending(r => r.SecondGain ?? 0).Select(r => r.NextGain), found.Select(r => r.NextGain));
    }

    [Fact]
    public void The_count_caps_the_list_and_sss_plus_and_utage_are_left_out()
    {
        List<RatedScore> scores =
        [
            Score(1, OldCode, 130, 1_005_000), // SSS+: nothing above
            Score(2, OldCode, 140, 990_000, Difficulty.Utage),
            Score(3, OldCode, 130, 970_000),
            Score(4, NewCode, 135, 990_000),
            Score(5, OldCode, 120, 1_000_000), // SSS: only SSS+ above
        ];

        var found = Recommendations.For(scores, GameVersion.Circle, 2);

        Assert.Equal(2, found.Count);
        var all = Recommendations.For(scores, GameVersion.Circle, 10);
        Assert.Equal([3, 4, 5], all.Select(r => r.Chart.Score.ChartId).Order());
        Assert.Equal(all.Take(2), found);
        Assert.Equal(new Achievement(980_000), all.Single(r => r.Chart.Score.ChartId == 3).NextTarget);
        Assert.Equal(new Achievement(990_000), all.Single(r => r.Chart.Score.ChartId == 3).SecondTarget);
        var five = all.Single(r => r.Chart.Score.ChartId == 5);
        Assert.Equal((new Achievement(1_005_000), (Achievement?)null, (int?)null), (five.NextTarget, five.SecondTarget, five.SecondGain));
    }

    [Fact]
    public void A_negative_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Recommendations.For([], GameVersion.Circle, -1));
    }
}
