namespace Maimai.Core.Rating;

/// <summary>
/// How the best 50 moved between two ratings: the charts that entered it (with their value after) and the ones
/// that left (with their value before). A chart that stayed in but changed value is in neither list.
/// </summary>
public sealed record RatingChange(PlayerRating Before, PlayerRating After, IReadOnlyList<RatedChart> Entered, IReadOnlyList<RatedChart> Left)
{
    public int Delta => After.Total - Before.Total;

    public static RatingChange Between(PlayerRating before, PlayerRating after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var was = before.NewBest.Concat(before.OldBest).Select(c => c.Score.ChartId).ToHashSet();
        var now = after.NewBest.Concat(after.OldBest).Select(c => c.Score.ChartId).ToHashSet();
        return new RatingChange(
            before,
            after,
            [.. after.NewBest.Concat(after.OldBest).Where(c => !was.Contains(c.Score.ChartId))],
            [.. before.NewBest.Concat(before.OldBest).Where(c => !now.Contains(c.Score.ChartId))]);
    }
}
