using Maimai.Core.Game;

namespace Maimai.DxNetSimulator.Player;

/// <summary>The player's best on one chart, with its play count and last play (shown by musicDetail).</summary>
public sealed record ChartScore(
    int SongId,
    Difficulty Difficulty,
    Achievement Achievement,
    int DxScore,
    int MaxDxScore,
    ComboLamp ComboLamp,
    SyncLamp SyncLamp,
    int PlayCount,
    DateTimeOffset LastPlayed)
{
    public ScoreRank Rank => Achievement.Rank;

    /// <summary>DX stars (0 to 5) from the DX score ratio: 85%, 90%, 93%, 95%, 97%.</summary>
    public int DxStars => DxStarRule.Stars(DxScore, MaxDxScore);
}

/// <summary>The DX star thresholds shared by score lists, records and details.</summary>
public static class DxStarRule
{
    public static int Stars(int dxScore, int maxDxScore)
    {
        if (maxDxScore <= 0)
        {
            return 0;
        }

        var permille = (long)dxScore * 1000 / maxDxScore;
        return permille switch
        {
            >= 970 => 5,
            >= 950 => 4,
            >= 930 => 3,
            >= 900 => 2,
            >= 850 => 1,
            _ => 0,
        };
    }
}
