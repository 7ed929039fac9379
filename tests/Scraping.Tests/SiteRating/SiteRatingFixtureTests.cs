using Maimai.Core.Game;
using Maimai.Core.Rating;
using Maimai.Core.Songs;
using Maimai.Scraping.Pages;
using Maimai.Scraping.SiteRating;
using Maimai.Scraping.Tests.Pages;
using Maimai.Testing;
using Xunit.Abstractions;

namespace Maimai.Scraping.Tests.SiteRating;

/// <summary>
/// The formula and the otoge-db levels checked against the real international pages (January 2026, when the
/// international version was CiRCLE: its first songs arrived on 2026-01-22 and are on the rating target page).
/// Results are recorded in bench/results/rating.md.
/// </summary>
public sealed class SiteRatingFixtureTests(ITestOutputHelper output)
{
    private static readonly Lazy<SongCatalog> Intl = new(() => OtogeDbSongList.Load(SharedFolder.File("data", "otoge-db", "music-ex-intl.json")));

    private static readonly string[] ScorePages = [Fixtures.Basic, Fixtures.Advanced, Fixtures.Expert, Fixtures.Master, Fixtures.ReMaster];

    private static RatingTargetPage RatingTarget() => RatingTargetPageParser.Parse(Fixtures.Html(Fixtures.RatingTarget), Region.Intl).Value!;

    private static PageScores Read(bool scorePages, bool ratingTarget)
    {
        var pages = new PageScores(Intl.Value);
        if (scorePages)
        {
            foreach (var file in ScorePages)
            {
                pages.Add(ScoreListPageParser.Parse(Fixtures.Html(file), Region.Intl).Value!);
            }
        }

        if (ratingTarget)
        {
            pages.Add(RatingTarget());
        }

        return pages;
    }

    [SharedFact]
    public void The_listed_charts_contributions_sum_to_the_sites_rating()
    {
        var pages = Read(scorePages: false, ratingTarget: true);

        var listed = pages.SiteList;
        Assert.Equal(50, listed.Count);
        Assert.All(listed, c => Assert.NotNull(c.Chart.InternalLevel));
        // The page shows no lamps, so no AP bonus is added: the sum is the bare formula.
        var sum = listed.Sum(c => ChartRating.Base(c.Chart.InternalLevel!.Value, c.Achievement));
        foreach (var c in listed)
        {
            output.WriteLine($"{c.Song.Title} {c.Chart.Type} {c.Chart.Difficulty} {c.Chart.InternalLevel} {c.Achievement} -> {ChartRating.Base(c.Chart.InternalLevel!.Value, c.Achievement)}");
        }

        output.WriteLine($"sum {sum}, site {pages.SiteRating}");
        Assert.Equal(13733, pages.SiteRating);
        Assert.Equal(pages.SiteRating, sum);
    }

    [SharedFact]
    public void The_sites_new_charts_are_the_current_and_the_previous_versions_songs()
    {
        var page = RatingTarget();
        var pages = Read(scorePages: false, ratingTarget: true);
        var newCharts = pages.SiteList.Take(page.New.Count).ToList();
        var oldCharts = pages.SiteList.Skip(page.New.Count).ToList();
        GameVersion VersionOf(PageChart c) => GameVersion.TryFromVersionCode(c.Song.VersionCode, out var v) ? v : throw new InvalidOperationException(c.Song.Title);

        Assert.Equal(15, newCharts.Count);
        Assert.Equal(35, oldCharts.Count);
        // CiRCLE's own songs and PRiSM PLUS's both count as new; PRiSM's count as old. "New" is therefore the
        // current version and the one before it (each PLUS a version of its own), as RatingCalculator has it.
        Assert.Equal(
            new[] { GameVersion.Parse("CiRCLE"), GameVersion.Parse("PRiSM PLUS") }.ToHashSet(),
            newCharts.Select(VersionOf).ToHashSet());
        Assert.Contains(oldCharts, c => VersionOf(c) == GameVersion.Parse("PRiSM"));
        Assert.All(oldCharts, c => Assert.True(VersionOf(c).Ordinal < GameVersion.Parse("PRiSM PLUS").Ordinal, c.Song.Title));
    }

    [SharedTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Our_best_50_differs_from_the_sites_only_where_otoge_db_has_another_level(bool withScorePages)
    {
        var pages = Read(withScorePages, ratingTarget: true);

        var rating = PageRating.Compute(pages, GameVersion.Circle);
        Report(rating);

        // Every gap is a chart whose level the site and otoge-db disagree on, or one such a chart displaced.
        var levelGaps = rating.Differences.Where(d => d.Reason == GapReason.LevelDiffers).ToList();
        var displaced = rating.Differences.Where(d => d.Reason == GapReason.CountedOnlyBySite).ToList();
        Assert.Equal(rating.Differences.Count, levelGaps.Count + displaced.Count);
        Assert.True(displaced.Count <= levelGaps.Count);
        Assert.Equal("だから僕は音楽を辞めた", Assert.Single(levelGaps).Chart.Song.Title);
        Assert.Equal("Xevel", Assert.Single(displaced).Chart.Song.Title);

        // Without the charts otoge-db levels differently, ours is exactly the site's.
        var agreed = RatingCalculator.Compute(
            [.. pages.Charts.Where(c => !c.LevelDiffers).Select(c => c.ToRated())], GameVersion.Circle);
        Assert.Equal(13733, agreed.Total);
        Assert.Equal(
            pages.SiteList.Select(c => c.Id).Order(),
            agreed.NewBest.Concat(agreed.OldBest).Select(c => c.Score.ChartId).Order());
    }

    [SharedFact]
    public void The_score_pages_alone_are_older_than_the_rating_target_page()
    {
        var older = Read(scorePages: true, ratingTarget: false);
        var rating = PageRating.Compute(older, GameVersion.Circle);
        output.WriteLine($"score pages alone: computed {rating.Computed}; unresolved: {string.Join("; ", older.Unresolved)}");
        var site = Read(scorePages: false, ratingTarget: true);
        var byKey = older.Charts.ToDictionary(c => (c.Song.Key, c.Chart.Type, c.Chart.Difficulty));

        // Each chart the site counts is either worth the same from the score pages, or was played up since they
        // were saved (a higher achievement on the rating target page, or not played at all then).
        var since = 0;
        foreach (var c in site.SiteList)
        {
            if (byKey.TryGetValue((c.Song.Key, c.Chart.Type, c.Chart.Difficulty), out var then) && then.Achievement == c.Achievement)
            {
                continue;
            }

            Assert.True(then is null || then.Achievement < c.Achievement, c.Song.Title);
            output.WriteLine($"played up since: {c.Song.Title} {c.Chart.Type} {c.Chart.Difficulty}: {then?.Achievement.ToString() ?? "unplayed"} -> {c.Achievement}");
            since++;
        }

        output.WriteLine($"{since} of 50 charts changed between the score pages and the rating target page");
        Assert.True(rating.Computed < 13733);
        Assert.True(since > 0);
    }

    private void Report(PageRating rating)
    {
        output.WriteLine($"computed {rating.Computed} (new {rating.Report.Rating.NewTotal}, old {rating.Report.Rating.OldTotal}), site {rating.SiteRating}");
        foreach (var d in rating.Differences)
        {
            output.WriteLine($"{d.Reason}: {d.Chart.Song.Title} {d.Chart.Chart.Type} {d.Chart.Chart.Difficulty}: {d.Why}");
        }
    }
}
