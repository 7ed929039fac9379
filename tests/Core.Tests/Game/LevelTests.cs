using Maimai.Core.Game;

namespace Maimai.Core.Tests.Game;

public sealed class LevelTests
{
    [Theory]
    [InlineData("13+", 137)]
    [InlineData("14", 140)]
    [InlineData(" 7 ", 70)]
    public void Parses_displayed_levels(string text, int tenths)
    {
        Assert.True(Level.TryParseDisplayed(text, out var level));
        Assert.Equal(tenths, level.Tenths);
    }

    [Theory]
    [InlineData("13.7", 137)]
    [InlineData("15.0", 150)]
    [InlineData("8", 80)]
    public void Parses_precise_levels(string text, int tenths)
    {
        Assert.True(Level.TryParsePrecise(text, out var level));
        Assert.Equal(tenths, level.Tenths);
    }

    [Theory]
    [InlineData("13.75")]
    [InlineData("")]
    [InlineData("?")]
    public void Rejects_bad_precise_levels(string text) => Assert.False(Level.TryParsePrecise(text, out _));

    [Theory]
    [InlineData(137, "13+")]
    [InlineData(136, "13")]
    [InlineData(140, "14")]
    public void Displays_plus_from_x_7(int tenths, string display) => Assert.Equal(display, new Level(tenths).Display);
}
