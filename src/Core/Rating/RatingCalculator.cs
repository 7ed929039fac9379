using Maimai.Core.Game;

namespace Maimai.Core.Rating;

/// <summary>
/// Computes DX rating under the CiRCLE rules: the best <see cref="NewCount"/> charts of songs from the current or
/// the previous game version, plus the best <see cref="OldCount"/> charts of all older songs; each chart is worth
/// <see cref="ChartRating.Value"/> (AP and AP+ add 1). Utage charts never count. Pure and integer-only.
/// </summary>
public static class RatingCalculator
{
    public const int NewCount = 15;
    public const int OldCount = 35;

    /// <summary>Best first: higher value, then higher achievement, then lower chart id, so ties are deterministic.</summary>
    public static IComparer<RatedChart> Order { get; } = Comparer<RatedChart>.Create(static (a, b) =>
    {
        var byValue = b.Value.CompareTo(a.Value);
        if (byValue != 0)
        {
            return byValue;
        }

        var byAchievement = b.Score.Achievement.CompareTo(a.Score.Achievement);
        return byAchievement != 0 ? byAchievement : a.Score.ChartId.CompareTo(b.Score.ChartId);
    });

    /// <summary>
    /// Rates one snapshot's scores. Throws <see cref="ArgumentException"/> naming the chart when a score is
    /// invalid (negative achievement, level out of range, bad version code) or a chart appears twice.
    /// </summary>
    public static PlayerRating Compute(IEnumerable<RatedScore> scores, GameVersion current)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(current);

        var oldestNew = current.Previous ?? current;
        var seen = new HashSet<int>();
        var fresh = new List<RatedChart>();
        var old = new List<RatedChart>();
        foreach (var score in scores)
        {
            if (score is null)
            {
                throw new ArgumentException("The scores contain a null entry.", nameof(scores));
            }

            if (!seen.Add(score.ChartId))
            {
                throw new ArgumentException($"Chart {score.ChartId} appears more than once; a snapshot has one score per chart.", nameof(scores));
            }

            if (score.Difficulty == Difficulty.Utage)
            {
                continue;
            }

            var chart = Rate(score, oldestNew);
            (chart.IsNew ? fresh : old).Add(chart);
        }

        return new PlayerRating(current, Best(fresh, NewCount), Best(old, OldCount));
    }

    private static RatedChart Rate(RatedScore score, GameVersion oldestNew)
    {
        if (!GameVersion.TryFromVersionCode(score.VersionCode, out var version))
        {
            throw new ArgumentException($"Chart {score.ChartId} has version code {score.VersionCode}, which is not an otoge-db version code (10000 to 99999).", nameof(score));
        }

        int value;
        try
        {
            value = ChartRating.Value(score.RatingLevel, score.Achievement, score.ComboLamp);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"Chart {score.ChartId} cannot be rated: {e.Message}", nameof(score), e);
        }

        return new RatedChart(score, version, version.Ordinal >= oldestNew.Ordinal, value);
    }

    private static RatedChart[] Best(List<RatedChart> charts, int count)
    {
        charts.Sort(Order);
        return charts.Count <= count ? [.. charts] : [.. charts.GetRange(0, count)];
    }
}
