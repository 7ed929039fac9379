using Maimai.Core.Game;

namespace Maimai.Core.Tests.Game;

public sealed class AchievementTests
{
    [Theory]
    [InlineData("100.5000%", 1_005_000)]
    [InlineData("\u00a099.1234%", 991_234)]
    [InlineData("97.5%", 975_000)]
    [InlineData("0.0000%", 0)]
    [InlineData("101.0000%", 1_010_000)]
    [InlineData("123.4567%", 1_234_567)]
    public void Parses_dx_net_text_exactly(string text, int expected)
    {
        Assert.True(Achievement.TryParse(text, out var achievement));
        Assert.Equal(expected, achievement.TenThousandths);
    }

    [Theory]
    [InlineData("")]
    [InlineData("%")]
    [InlineData("abc%")]
    [InlineData("99.12345%")]
    [InlineData("-1.0%")]
    [InlineData("1000.0%")]
    public void Rejects_garbage(string text) => Assert.False(Achievement.TryParse(text, out _));

    [Theory]
    [InlineData(1_005_000, ScoreRank.SSSPlus)]
    [InlineData(1_004_999, ScoreRank.SSS)]
    [InlineData(1_000_000, ScoreRank.SSS)]
    [InlineData(999_999, ScoreRank.SSPlus)]
    [InlineData(970_000, ScoreRank.S)]
    [InlineData(969_999, ScoreRank.AAA)]
    [InlineData(499_999, ScoreRank.D)]
    public void Rank_boundaries_are_exact(int tenThousandths, ScoreRank rank) =>
        Assert.Equal(rank, new Achievement(tenThousandths).Rank);

    [Fact]
    public void Formats_like_dx_net() => Assert.Equal("100.5000%", new Achievement(1_005_000).ToString());
}
