using Maimai.Core.Game;

namespace Maimai.Core.Rating;

/// <summary>
/// The rating one chart score is worth under CiRCLE rules:
/// floor(internal level × min(achievement, 100.5%) × rank coefficient), plus 1 for AP or AP+.
/// </summary>
public static class ChartRating
{
    // level (x10) × achievement (percent x10000) × coefficient (x10) carries 10 × 10^4 × 10 × 100 (percent) = 10^8.
    private const long Scale = 100_000_000;
    private const int MaxLevelTenths = 999;

    /// <summary>The value without the AP bonus. Exact: integer arithmetic only, floored.</summary>
    public static int Base(Level level, Achievement achievement)
    {
        if (level.Tenths is < 0 or > MaxLevelTenths)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "A level must be between 0.0 and 99.9.");
        }

        if (achievement.TenThousandths < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(achievement), achievement, "An achievement cannot be negative.");
        }

        var capped = Math.Min(achievement.TenThousandths, RankCoefficient.Cap.TenThousandths);
        var product = (long)level.Tenths * capped * RankCoefficient.TenthsFor(achievement);
        return (int)(product / Scale);
    }

    /// <summary>CiRCLE gives an All Perfect (AP or AP+) chart one more point; FC and FC+ give nothing.</summary>
    public static int ApBonus(ComboLamp lamp) => lamp is ComboLamp.AllPerfect or ComboLamp.AllPerfectPlus ? 1 : 0;

    /// <summary>The chart's full value: <see cref="Base"/> plus <see cref="ApBonus"/>.</summary>
    public static int Value(Level level, Achievement achievement, ComboLamp lamp) =>
        Base(level, achievement) + ApBonus(lamp);
}
