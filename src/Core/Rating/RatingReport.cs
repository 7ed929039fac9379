using Maimai.Core.Game;

namespace Maimai.Core.Rating;

/// <summary>
/// A computed rating with what may explain a gap to the site's: the charts whose internal level is unknown and
/// that count, or could count, towards the best 50 (each valued at its displayed level's floor, as rated), and the
/// charts that may have changed level (<see cref="RatedScore.LevelMayHaveChanged"/>) and count, or could count at
/// the top of the level DX NET displayed (each valued as rated, from the song list).
/// </summary>
public sealed record RatingReport(PlayerRating Rating, IReadOnlyList<RatedChart> UnknownLevels, IReadOnlyList<RatedChart> ChangedLevels)
{
    /// <summary>
    /// Rates the scores and finds the unknown levels that matter: a chart in the best 50 (rated at its displayed
    /// level's floor) or one that would enter it at the top of its displayed level ("13" can be up to 13.6,
    /// "13+" up to 13.9). Throws <see cref="ArgumentException"/> as <see cref="RatingCalculator.Compute"/> does.
    /// </summary>
    public static RatingReport Build(IReadOnlyCollection<RatedScore> scores, GameVersion current)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var rating = RatingCalculator.Compute(scores, current);
        var counted = rating.NewBest.Concat(rating.OldBest).ToDictionary(c => c.Score.ChartId);
        var newFloor = Floor(rating.NewBest, RatingCalculator.NewCount);
        var oldFloor = Floor(rating.OldBest, RatingCalculator.OldCount);
        var oldestNew = (current.Previous ?? current).Ordinal;

        var unknown = new List<RatedChart>();
        var changed = new List<RatedChart>();
        foreach (var score in scores)
        {
            if (score.InternalLevel is null && score.Difficulty != Difficulty.Utage && Matters(score, score.DisplayedLevel) is { } chart)
            {
                unknown.Add(chart);
            }

            // The true level lies within what the site displayed, whatever the song list says.
            if (score.LevelMayHaveChanged && Matters(score, score.SiteLevel!.Value) is { } moved)
            {
                changed.Add(moved);
            }
        }

        return new RatingReport(rating, unknown, changed);

        // Counted, or would be counted at the top of the displayed level: the chart as rated; otherwise null.
        RatedChart? Matters(RatedScore score, Level displayed)
        {
            if (counted.TryGetValue(score.ChartId, out var chart))
            {
                return chart;
            }

            GameVersion.TryFromVersionCode(score.VersionCode, out var version);
            var isNew = version.Ordinal >= oldestNew;
            return ChartRating.Value(HighestFor(displayed), score.Achievement, score.ComboLamp) > (isNew ? newFloor : oldFloor)
                ? new RatedChart(score, version, isNew, ChartRating.Value(score.RatingLevel, score.Achievement, score.ComboLamp))
                : null;
        }
    }

    /// <summary>The highest internal level a displayed level allows: "13" is 13.0 to 13.6, "13+" is 13.7 to 13.9.</summary>
    public static Level HighestFor(Level displayed) =>
        new(((displayed.Tenths / 10) * 10) + (displayed.Tenths % 10 >= 7 ? 9 : 6));

    // A full list is entered by beating its last value; a list with room is entered by any value above 0.
    private static int Floor(IReadOnlyList<RatedChart> best, int count) => best.Count < count ? 0 : best[^1].Value;
}
