using Maimai.Core.Game;
using Maimai.Core.Rating;

namespace Maimai.Core.Tests.Rating;

public sealed class ChartRatingTests
{
    private static Achievement A(string text) =>
        Achievement.TryParse(text, out var a) ? a : throw new ArgumentException(text);

    private static Level L(string text) =>
        Level.TryParsePrecise(text, out var l) ? l : throw new ArgumentException(text);

    [Theory]
    [InlineData("15.0", "100.5000%", 337)] // 15.0 × 100.5 × 0.224 = 337.68
    [InlineData("14.7", "100.5000%", 330)] // 14.7 × 100.5 × 0.224 = 330.9264
    [InlineData("13.0", "100.4999%", 290)] // 13.0 × 100.4999 × 0.222 = 290.0427...
    [InlineData("14.0", "99.9999%", 299)] // 14.0 × 99.9999 × 0.214 = 299.5997...
    [InlineData("14.0", "99.5000%", 293)] // 14.0 × 99.5 × 0.211 = 293.93
    [InlineData("12.5", "100.0000%", 270)] // exactly 270: flooring must not lose it
    [InlineData("12.5", "99.9999%", 267)] // 12.5 × 99.9999 × 0.214 = 267.4997...
    [InlineData("13.7", "97.0000%", 265)] // 13.7 × 97 × 0.200 = 265.78
    [InlineData("13.7", "96.9999%", 233)] // 13.7 × 96.9999 × 0.176 = 233.8861...
    [InlineData("1.0", "9.9999%", 0)]
    [InlineData("0.0", "100.5000%", 0)]
    public void Base_is_level_times_achievement_times_coefficient_floored(string level, string achievement, int expected) =>
        Assert.Equal(expected, ChartRating.Base(L(level), A(achievement)));

    [Theory]
    [InlineData("100.5001%")]
    [InlineData("100.7500%")]
    [InlineData("101.0000%")]
    [InlineData("103.1234%")] // utage buddy charts can exceed 101%; the cap still holds
    public void Achievement_is_capped_at_100_5(string achievement) =>
        Assert.Equal(ChartRating.Base(L("14.9"), A("100.5000%")), ChartRating.Base(L("14.9"), A(achievement)));

    [Theory]
    [InlineData(ComboLamp.AllPerfect, 338)]
    [InlineData(ComboLamp.AllPerfectPlus, 338)]
    [InlineData(ComboLamp.FullComboPlus, 337)]
    [InlineData(ComboLamp.FullCombo, 337)]
    [InlineData(ComboLamp.None, 337)]
    public void All_perfect_adds_one_and_full_combo_adds_nothing(ComboLamp lamp, int expected) =>
        Assert.Equal(expected, ChartRating.Value(L("15.0"), A("100.5000%"), lamp));

    [Fact]
    public void Bad_input_is_refused_with_a_clear_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartRating.Base(L("13.0"), new Achievement(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartRating.Base(new Level(-5), A("99.0000%")));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartRating.Base(new Level(1000), A("99.0000%")));
    }

    [Fact]
    public void Largest_inputs_do_not_overflow()
    {
        // 99.9 × 100.5 × 0.224 = 2248.9…; the product is far beyond int but well inside long.
        Assert.Equal(2248, ChartRating.Base(new Level(999), new Achievement(int.MaxValue)));
    }
}
