using Maimai.Core.Game;
using Maimai.Core.Rating;

namespace Maimai.Core.Tests.Rating;

public sealed class RankCoefficientTests
{
    // Every bound of the Gen 3 table, and the step just below it (which belongs to the next row down).
    [Theory]
    [InlineData("101.0000%", 224)]
    [InlineData("100.5000%", 224)]
    [InlineData("100.4999%", 222)]
    [InlineData("100.4998%", 216)]
    [InlineData("100.0000%", 216)]
    [InlineData("99.9999%", 214)]
    [InlineData("99.9998%", 211)]
    [InlineData("99.5000%", 211)]
    [InlineData("99.4999%", 208)]
    [InlineData("99.0000%", 208)]
    [InlineData("98.9999%", 206)]
    [InlineData("98.9998%", 203)]
    [InlineData("98.0000%", 203)]
    [InlineData("97.9999%", 200)]
    [InlineData("97.0000%", 200)]
    [InlineData("96.9999%", 176)]
    [InlineData("96.9998%", 168)]
    [InlineData("94.0000%", 168)]
    [InlineData("93.9999%", 152)]
    [InlineData("90.0000%", 152)]
    [InlineData("89.9999%", 136)]
    [InlineData("80.0000%", 136)]
    [InlineData("79.9999%", 128)]
    [InlineData("79.9998%", 120)]
    [InlineData("75.0000%", 120)]
    [InlineData("74.9999%", 112)]
    [InlineData("70.0000%", 112)]
    [InlineData("69.9999%", 96)]
    [InlineData("60.0000%", 96)]
    [InlineData("59.9999%", 80)]
    [InlineData("50.0000%", 80)]
    [InlineData("49.9999%", 64)]
    [InlineData("40.0000%", 64)]
    [InlineData("39.9999%", 48)]
    [InlineData("30.0000%", 48)]
    [InlineData("29.9999%", 32)]
    [InlineData("20.0000%", 32)]
    [InlineData("19.9999%", 16)]
    [InlineData("10.0000%", 16)]
    [InlineData("9.9999%", 0)]
    [InlineData("0.0000%", 0)]
    public void Coefficient_at_and_below_each_bound(string achievement, int expectedTenths)
    {
        Assert.True(Achievement.TryParse(achievement, out var a));
        Assert.Equal(expectedTenths, RankCoefficient.TenthsFor(a));
    }

    [Fact]
    public void Each_rank_bound_starts_a_row_of_the_table()
    {
        // The rank's own bound (Achievement.Rank) and the table's rows agree: no rank starts mid-row.
        foreach (var from in new[] { 1_005_000, 1_000_000, 995_000, 990_000, 980_000, 970_000, 940_000, 900_000, 800_000, 750_000, 700_000, 600_000, 500_000 })
        {
            Assert.NotEqual(RankCoefficient.TenthsFor(new Achievement(from)), RankCoefficient.TenthsFor(new Achievement(from - 1)));
            Assert.NotEqual(new Achievement(from).Rank, new Achievement(from - 1).Rank);
        }
    }

    [Fact]
    public void Table_is_descending_in_both_bound_and_coefficient()
    {
        // Walking the achievements up, the coefficient never falls: each row starts where the one below ends.
        var previous = RankCoefficient.TenthsFor(new Achievement(0));
        Assert.Equal(0, previous);
        for (var a = 1; a <= 1_010_000; a++)
        {
            var tenths = RankCoefficient.TenthsFor(new Achievement(a));
            if (tenths < previous)
            {
                Assert.Fail($"the coefficient falls at {a}");
            }

            previous = tenths;
        }
    }
}
