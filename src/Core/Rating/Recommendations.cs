using Maimai.Core.Game;

namespace Maimai.Core.Rating;

/// <summary>
/// A chart worth playing again: what reaching the next rank bound, and the one after it, would add to the total
/// rating. <see cref="SecondTarget"/> and <see cref="SecondGain"/> are null when the next rank is already SSS+.
/// </summary>
public sealed record Recommendation(RatedChart Chart, Achievement NextTarget, int NextGain, Achievement? SecondTarget, int? SecondGain);

/// <summary>
/// Where a realistic improvement (one rank, or two) raises the rating most. A chart in its best list gains what its
/// own value rises; a chart outside it gains what it would add over the list's lowest once it enters (all of its
/// value while the list is not full). Same level and lamp as now, so an AP keeps its bonus.
/// </summary>
public static class Recommendations
{
    /// <summary>
    /// The charts whose next rank or the one after raises the total, most first (by the next rank's gain, then the
    /// second's, then chart id), at most <paramref name="count"/>. Utage charts never count.
    /// </summary>
    public static IReadOnlyList<Recommendation> For(IReadOnlyCollection<RatedScore> scores, GameVersion current, int count)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        var rating = RatingCalculator.Compute(scores, current);
        var counted = rating.NewBest.Concat(rating.OldBest).Select(c => c.Score.ChartId).ToHashSet();
        var found = new List<Recommendation>();
        foreach (var score in scores)
        {
            if (score.Difficulty == Difficulty.Utage || NextRank.BoundAbove(score.Achievement) is not { } next)
            {
                continue;
            }

            // The same rules as the best lists (new or old, the value), one chart at a time.
            var alone = RatingCalculator.Compute([score], current);
            var chart = alone.NewBest.Count > 0 ? alone.NewBest[0] : alone.OldBest[0];
            var best = chart.IsNew ? rating.NewBest : rating.OldBest;
            var size = chart.IsNew ? RatingCalculator.NewCount : RatingCalculator.OldCount;
            int GainAt(Achievement target)
            {
                var value = ChartRating.Value(score.RatingLevel, target, score.ComboLamp);
                if (counted.Contains(score.ChartId))
                {
                    return value - chart.Value;
                }

                return best.Count < size ? value : Math.Max(0, value - best[^1].Value);
            }

            var second = NextRank.BoundAbove(next);
            var recommendation = new Recommendation(chart, next, GainAt(next), second, second is { } s ? GainAt(s) : null);
            if (recommendation.NextGain > 0 || recommendation.SecondGain > 0)
            {
                found.Add(recommendation);
            }
        }

        return [.. found
            .OrderByDescending(r => r.NextGain)
            .ThenByDescending(r => r.SecondGain ?? 0)
            .ThenBy(r => r.Chart.Score.ChartId)
            .Take(count)];
    }
}
