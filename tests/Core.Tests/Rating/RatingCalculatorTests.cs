using Maimai.Core.Game;
using Maimai.Core.Rating;

namespace Maimai.Core.Tests.Rating;

public sealed class RatingCalculatorTests
{
    private const int CircleCode = 26000;
    private const int PrismPlusCode = 25500;
    private const int PrismCode = 25000;

    private static RatedScore Score(
        int id,
        int versionCode,
        int levelTenths,
        int achievement = 1_005_000,
        ComboLamp lamp = ComboLamp.None,
        Difficulty difficulty = Difficulty.Master,
        bool internalKnown = true) =>
        new(id, versionCode, difficulty, new Level(levelTenths), internalKnown ? new Level(levelTenths) : null, new Achievement(achievement), lamp);

    [Fact]
    public void No_scores_rate_zero()
    {
        var rating = RatingCalculator.Compute([], GameVersion.Circle);
        Assert.Equal(0, rating.Total);
        Assert.Empty(rating.NewBest);
        Assert.Empty(rating.OldBest);
        Assert.Equal(GameVersion.Circle, rating.CurrentVersion);
    }

    [Fact]
    public void Fewer_charts_than_the_buckets_all_count()
    {
        var scores = Enumerable.Range(1, 3).Select(i => Score(i, CircleCode, 130 + i))
            .Concat(Enumerable.Range(10, 5).Select(i => Score(i, 20000, 120 + i)))
            .ToList();

        var rating = RatingCalculator.Compute(scores, GameVersion.Circle);

        Assert.Equal(3, rating.NewBest.Count);
        Assert.Equal(5, rating.OldBest.Count);
        var expectedNew = scores.Take(3).Sum(s => ChartRating.Base(s.RatingLevel, s.Achievement));
        var expectedOld = scores.Skip(3).Sum(s => ChartRating.Base(s.RatingLevel, s.Achievement));
        Assert.Equal(expectedNew, rating.NewTotal);
        Assert.Equal(expectedOld, rating.OldTotal);
        Assert.Equal(expectedNew + expectedOld, rating.Total);
    }

    [Fact]
    public void More_charts_than_the_buckets_keep_the_best_15_new_and_35_old()
    {
        // Levels 10.0 .. 12.9 for new songs (30 charts) and 8.0 .. 13.9 for old (60 charts): higher id, higher value.
        var fresh = Enumerable.Range(0, 30).Select(i => Score(1000 + i, CircleCode, 100 + i)).ToList();
        var old = Enumerable.Range(0, 60).Select(i => Score(2000 + i, 21000, 80 + i)).ToList();

        var rating = RatingCalculator.Compute(fresh.Concat(old).Reverse(), GameVersion.Circle);

        Assert.Equal(RatingCalculator.NewCount, rating.NewBest.Count);
        Assert.Equal(RatingCalculator.OldCount, rating.OldBest.Count);
        Assert.Equal(Enumerable.Range(15, 15).Select(i => 1000 + i).Reverse(), rating.NewBest.Select(c => c.Score.ChartId));
        Assert.Equal(Enumerable.Range(25, 35).Select(i => 2000 + i).Reverse(), rating.OldBest.Select(c => c.Score.ChartId));
        Assert.Equal(rating.NewBest.Sum(c => c.Value) + rating.OldBest.Sum(c => c.Value), rating.Total);
    }

    [Theory]
    [InlineData(26000, true)] // CiRCLE (current)
    [InlineData(26016, true)]
    [InlineData(25500, true)] // PRiSM PLUS (previous)
    [InlineData(25518, true)]
    [InlineData(25499, false)] // PRiSM
    [InlineData(25000, false)]
    [InlineData(19999, false)] // FiNALE
    [InlineData(10000, false)] // maimai
    [InlineData(26500, true)] // CiRCLE PLUS: newer than the current version is never old
    [InlineData(27000, true)] // a version this build does not know yet
    public void New_means_the_current_or_the_previous_version(int versionCode, bool isNew)
    {
        var rating = RatingCalculator.Compute([Score(1, versionCode, 130)], GameVersion.Circle);
        Assert.Equal(isNew ? 1 : 0, rating.NewBest.Count);
        Assert.Equal(isNew ? 0 : 1, rating.OldBest.Count);
    }

    [Fact]
    public void A_lagging_region_splits_at_its_own_version()
    {
        var scores = new[] { Score(1, CircleCode, 130), Score(2, PrismPlusCode, 130), Score(3, PrismCode, 130), Score(4, 24500, 130) };

        var intl = RatingCalculator.Compute(scores, GameVersion.Parse("PRiSM PLUS"));
        var jp = RatingCalculator.Compute(scores, GameVersion.CirclePlus);

        Assert.Equal([1, 2, 3], intl.NewBest.Select(c => c.Score.ChartId).Order());
        Assert.Equal([4], intl.OldBest.Select(c => c.Score.ChartId));
        Assert.Equal([1], jp.NewBest.Select(c => c.Score.ChartId));
        Assert.Equal([2, 3, 4], jp.OldBest.Select(c => c.Score.ChartId).Order());
    }

    [Fact]
    public void Utage_charts_never_count()
    {
        var rating = RatingCalculator.Compute(
            [Score(1, CircleCode, 150, 1_010_000, ComboLamp.AllPerfectPlus, Difficulty.Utage), Score(2, 20000, 150, difficulty: Difficulty.Utage), Score(3, 20000, 100)],
            GameVersion.Circle);

        Assert.Empty(rating.NewBest);
        Assert.Equal([3], rating.OldBest.Select(c => c.Score.ChartId));
    }

    [Fact]
    public void Unknown_internal_level_rates_at_the_displayed_levels_lower_bound()
    {
        // "13+" is stored as 13.7 and "13" as 13.0 (Level's convention); that is what an unknown chart is worth.
        Assert.True(Level.TryParseDisplayed("13+", out var plus));
        Assert.True(Level.TryParseDisplayed("13", out var plain));
        var scores = new[]
        {
            new RatedScore(1, 20000, Difficulty.Master, plus, null, new Achievement(1_005_000), ComboLamp.None),
            new RatedScore(2, 20000, Difficulty.Master, plain, null, new Achievement(1_005_000), ComboLamp.None),
            new RatedScore(3, 20000, Difficulty.Master, plus, new Level(139), new Achievement(1_005_000), ComboLamp.None),
        };

        var byId = RatingCalculator.Compute(scores, GameVersion.Circle).OldBest.ToDictionary(c => c.Score.ChartId);

        Assert.Equal(308, byId[1].Value); // 13.7 × 100.5 × 0.224 = 308.41
        Assert.Equal(292, byId[2].Value); // 13.0 × 100.5 × 0.224 = 292.656
        Assert.Equal(312, byId[3].Value); // 13.9 × 100.5 × 0.224 = 312.9
        Assert.Equal(plus, byId[1].Score.RatingLevel); // the displayed level stands in
        Assert.Equal(new Level(139), byId[3].Score.RatingLevel);
    }

    [Fact]
    public void All_perfect_bonus_counts_in_the_value_and_the_selection()
    {
        // Two charts worth 337 before the bonus; the AP one ranks first and is worth 338.
        var rating = RatingCalculator.Compute(
            [Score(1, CircleCode, 150, lamp: ComboLamp.FullComboPlus), Score(2, CircleCode, 150, lamp: ComboLamp.AllPerfect)],
            GameVersion.Circle);

        Assert.Equal([2, 1], rating.NewBest.Select(c => c.Score.ChartId));
        Assert.Equal([338, 337], rating.NewBest.Select(c => c.Value));
        Assert.Equal([1, 0], rating.NewBest.Select(c => ChartRating.ApBonus(c.Score.ComboLamp)));
        Assert.Equal(675, rating.Total);
    }

    [Fact]
    public void Ties_break_by_achievement_then_chart_id_even_at_the_cut()
    {
        // 13.0 at 100.5000% and at 100.5500% are both 292; 16 such new charts compete for 15 places.
        var scores = Enumerable.Range(1, 15).Select(i => Score(100 - i, CircleCode, 130, 1_005_000)).ToList();
        scores.Add(Score(500, CircleCode, 130, 1_005_500));

        var rating = RatingCalculator.Compute(scores, GameVersion.Circle);

        Assert.All(rating.NewBest, c => Assert.Equal(292, c.Value));
        Assert.Equal(500, rating.NewBest[0].Score.ChartId); // higher achievement first
        Assert.Equal(Enumerable.Range(85, 14), rating.NewBest.Skip(1).Select(c => c.Score.ChartId)); // then lowest ids
        Assert.DoesNotContain(rating.NewBest, c => c.Score.ChartId == 99); // the highest id is cut
    }

    [Fact]
    public void Bad_input_is_refused_naming_the_chart()
    {
        var duplicate = Assert.Throws<ArgumentException>(() => RatingCalculator.Compute([Score(7, CircleCode, 130), Score(7, CircleCode, 131)], GameVersion.Circle));
        Assert.Contains("Chart 7", duplicate.Message, StringComparison.Ordinal);

        var code = Assert.Throws<ArgumentException>(() => RatingCalculator.Compute([Score(8, 123, 130)], GameVersion.Circle));
        Assert.Contains("Chart 8", code.Message, StringComparison.Ordinal);

        var achievement = Assert.Throws<ArgumentException>(() => RatingCalculator.Compute([Score(9, CircleCode, 130, -1)], GameVersion.Circle));
        Assert.Contains("Chart 9", achievement.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentNullException>(() => RatingCalculator.Compute(null!, GameVersion.Circle));
        Assert.Throws<ArgumentNullException>(() => RatingCalculator.Compute([], null!));
    }
}
