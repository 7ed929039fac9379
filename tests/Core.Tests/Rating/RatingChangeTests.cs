using Maimai.Core.Game;
using Maimai.Core.Rating;

namespace Maimai.Core.Tests.Rating;

public sealed class RatingChangeTests
{
    private static RatedScore New(int id, int achievement) =>
        new(id, GameVersion.Circle.FirstCode, Difficulty.Master, new Level(130), new Level(130), new Achievement(achievement), ComboLamp.None);

    [Fact]
    public void A_chart_played_into_the_best_15_enters_and_pushes_the_last_one_out()
    {
        // Sixteen new charts: 1 is the weakest (97.0000%), 2 to 16 are 99.0000% to 99.1400%.
        var before = Enumerable.Range(2, 15).Select(id => New(id, 990_000 + (id * 100))).Append(New(1, 970_000)).ToList();
        var after = before.Where(s => s.ChartId != 1).Append(New(1, 1_005_000)).ToList();

        var change = RatingChange.Between(RatingCalculator.Compute(before, GameVersion.Circle), RatingCalculator.Compute(after, GameVersion.Circle));

        Assert.Equal([1], change.Entered.Select(c => c.Score.ChartId));
        Assert.Equal([2], change.Left.Select(c => c.Score.ChartId));
        // 13.0 at 100.5000% is 292; 13.0 at 99.0200% is floor(13.0 x 99.02 x 20.8 / 100) = 267.
        Assert.Equal(292 - 267, change.Delta);
        Assert.Equal(change.After.Total - change.Before.Total, change.Delta);
    }

    [Fact]
    public void Charts_that_only_change_value_neither_enter_nor_leave()
    {
        var before = new[] { New(1, 990_000), New(2, 980_000) };
        var after = new[] { New(1, 1_000_000), New(2, 980_000) };

        var change = RatingChange.Between(RatingCalculator.Compute(before, GameVersion.Circle), RatingCalculator.Compute(after, GameVersion.Circle));

        Assert.Empty(change.Entered);
        Assert.Empty(change.Left);
        Assert.True(change.Delta > 0);
    }
}
