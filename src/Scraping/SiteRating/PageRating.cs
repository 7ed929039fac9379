using Maimai.Core.Game;
using Maimai.Core.Rating;

namespace Maimai.Scraping.SiteRating;

/// <summary>Why a chart may explain a gap between our rating and the site's.</summary>
public enum GapReason
{
    /// <summary>
    /// The chart may have changed level: the site displays another level than the song list, so the song list's
    /// internal level is likely out of date.
    /// </summary>
    LevelDiffers,

    /// <summary>The song list has no internal level; the chart is rated at its displayed level's floor.</summary>
    InternalLevelUnknown,

    /// <summary>We count the chart in the best 50; the site's rating target page does not.</summary>
    NotCountedBySite,

    /// <summary>The site's rating target page counts the chart; we do not.</summary>
    CountedOnlyBySite,
}

/// <summary>One chart that explains (part of) a gap, with the reason and a sentence saying why.</summary>
public sealed record RatingGap(PageChart Chart, GapReason Reason, string Why);

/// <summary>
/// The rating computed from saved pages, the site's own figure, and every chart that explains a difference:
/// levels the site and the song list disagree on, unknown internal levels, and (with a rating target page)
/// charts only one side counts.
/// </summary>
public sealed record PageRating(RatingReport Report, int? SiteRating, IReadOnlyList<RatingGap> Differences)
{
    public int Computed => Report.Rating.Total;

    public static PageRating Compute(PageScores pages, GameVersion current)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var charts = pages.Charts.ToDictionary(c => c.Id);
        var report = RatingReport.Build([.. charts.Values.Select(c => c.ToRated())], current);
        var rating = report.Rating;
        var values = rating.NewBest.Concat(rating.OldBest).ToDictionary(c => c.Score.ChartId, c => c.Value);
        var site = pages.SiteList.Select(c => c.Id).ToHashSet();
        var unknown = report.UnknownLevels.Select(c => c.Score.ChartId).ToHashSet();

        // Ours first in best-first order, then the site's, then the unknown levels that could enter.
        var candidates = values.Keys.Concat(pages.SiteList.Select(c => c.Id)).Concat(unknown).Distinct();
        var gaps = new List<RatingGap>();
        foreach (var id in candidates)
        {
            var chart = charts[id];
            var counted = values.TryGetValue(id, out var value);
            if (chart.LevelDiffers)
            {
                gaps.Add(new RatingGap(chart, GapReason.LevelDiffers,
                    $"may have changed level: the site shows level {chart.SiteLevel.Display}; the song list has {chart.Chart.Level.Display} (internal {Internal(chart)})"));
            }
            else if (unknown.Contains(id))
            {
                gaps.Add(new RatingGap(chart, GapReason.InternalLevelUnknown,
                    $"the song list has no internal level; rated at {chart.Chart.Level}, the floor of {chart.Chart.Level.Display}"));
            }
            else if (pages.HasSiteList && counted && !site.Contains(id))
            {
                gaps.Add(new RatingGap(chart, GapReason.NotCountedBySite, $"we count it at {value}; the site does not"));
            }
            else if (pages.HasSiteList && !counted && site.Contains(id))
            {
                var own = ChartRating.Value(chart.Chart.InternalLevel ?? chart.Chart.Level, chart.Achievement, chart.ComboLamp);
                gaps.Add(new RatingGap(chart, GapReason.CountedOnlyBySite, $"the site counts it; we rate it {own}, below our last counted chart"));
            }
        }

        return new PageRating(report, pages.SiteRating, gaps);
    }

    private static string Internal(PageChart chart) => chart.Chart.InternalLevel?.ToString() ?? "unknown";
}
