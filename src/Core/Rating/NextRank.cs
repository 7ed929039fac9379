using Maimai.Core.Game;

namespace Maimai.Core.Rating;

/// <summary>
/// What the next rank is worth: the lowest rank bound above an achievement, and the rating a chart would gain
/// by reaching it. A chart of the best 50 keeps its place when its value rises, so its gain is the player's gain.
/// </summary>
public static class NextRank
{
    // The lower bound of each rank from C to SSS+, ascending (see Achievement.Rank).
    private static readonly int[] Bounds =
        [500_000, 600_000, 700_000, 750_000, 800_000, 900_000, 940_000, 970_000, 980_000, 990_000, 995_000, 1_000_000, 1_005_000];

    /// <summary>The lowest rank bound strictly above <paramref name="achievement"/>; null at SSS+ (100.5000%) and above.</summary>
    public static Achievement? BoundAbove(Achievement achievement)
    {
        foreach (var bound in Bounds)
        {
            if (bound > achievement.TenThousandths)
            {
                return new Achievement(bound);
            }
        }

        return null;
    }

    /// <summary>
    /// How much the chart's value rises when its achievement reaches the next rank bound (same level and lamp);
    /// null when it is already SSS+.
    /// </summary>
    public static int? Gain(RatedChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var score = chart.Score;
        return BoundAbove(score.Achievement) is { } next
            ? ChartRating.Value(score.RatingLevel, next, score.ComboLamp) - chart.Value
            : null;
    }
}
