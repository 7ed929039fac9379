using Maimai.Core.Game;

namespace Maimai.Core.Rating;

/// <summary>
/// The rank coefficient table of DX rating ("Gen 3", unchanged from Splash PLUS through CiRCLE), in tenths:
/// 22.4 is 224. Besides each rank's lower bound, the last step below a rank (x.9999%) has its own value,
/// which is why 99.9999% rates higher than 99.5000%.
/// </summary>
/// <remarks>
/// Sources: silentblue.remywiki.com "maimai DX:Rating" (Gen 3 table) and the tables used by the
/// Diving-Fish prober and dxrating.net, which agree.
/// </remarks>
public static class RankCoefficient
{
    /// <summary>Achievement above this counts as this for rating (100.5000%, the SSS+ bound).</summary>
    public static readonly Achievement Cap = new(1_005_000);

    // Lower bounds in ten-thousandths of a percent, descending, with the coefficient in tenths.
    private static readonly (int From, int Tenths)[] Table =
    [
        (1_005_000, 224), // SSS+
        (1_004_999, 222),
        (1_000_000, 216), // SSS
        (999_999, 214),
        (995_000, 211), // SS+
        (990_000, 208), // SS
        (989_999, 206),
        (980_000, 203), // S+
        (970_000, 200), // S
        (969_999, 176),
        (940_000, 168), // AAA
        (900_000, 152), // AA
        (800_000, 136), // A
        (799_999, 128),
        (750_000, 120), // BBB
        (700_000, 112), // BB
        (600_000, 96), // B
        (500_000, 80), // C
        (400_000, 64), // D
        (300_000, 48),
        (200_000, 32),
        (100_000, 16),
        (0, 0),
    ];

    /// <summary>The coefficient in tenths for an achievement; 0 below 10%.</summary>
    public static int TenthsFor(Achievement achievement)
    {
        foreach (var (from, tenths) in Table)
        {
            if (achievement.TenThousandths >= from)
            {
                return tenths;
            }
        }

        return 0;
    }
}
