using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Pages;
using Maimai.Scraping.Tests.Simulator;
using Maimai.Testing.Scraping;

namespace Maimai.Scraping.Tests.Fetching;

/// <summary>A scrape against the simulator where one entry is odd: it completes, keeps that entry raw, and says what it requested.</summary>
public sealed class ScraperToleranceTests
{
    [Theory]
    [InlineData(PageKind.Record, DxNetPageKind.Record)]
    [InlineData(PageKind.PlaylogDetail, DxNetPageKind.PlaylogDetail)]
    [InlineData(PageKind.ScoreList, DxNetPageKind.ScoreList)]
    public async Task One_odd_entry_is_one_scrubbed_warning_and_everything_else_is_read(PageKind page, DxNetPageKind kind)
    {
        await using var sim = await TestSimulator.StartAsync(o => o.StrictSessions = true);
        using var scraper = ScraperHarness.For(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.OddEntry, page));
        var token = new MaimaiToken(MaimaiTokenKind.Clal, sim.Sessions.ClalToken);

        var result = await scraper.RunAsync(new ScrapeRequest(ScrapeInputs.SessionOf(token), ScrapeInputs.NothingKnown));

        var data = ScraperHarness.DataOf(result);
        var warning = Assert.Single(data.Warnings);
        Assert.Equal(kind, warning.Kind);
        Assert.Contains("??.????%", warning.Fragment, StringComparison.Ordinal);
        Assert.DoesNotContain(sim.Sessions.ClalToken, warning.Fragment, StringComparison.Ordinal);
        Assert.DoesNotContain(sim.Sessions.Current!, warning.Fragment, StringComparison.Ordinal);
        var state = sim.Snapshot();
        var played = state.Scores.Count;
        Assert.Equal(kind == DxNetPageKind.ScoreList ? played - 1 : played, data.Scores.Rows.Count(r => r.IsPlayed));
        var recent = state.Recent.Count;
        Assert.Equal(kind == DxNetPageKind.Record ? recent - 1 : recent, data.Record!.Entries.Count);
        // A play is stored only with its detail: the odd record entry and the odd detail page each leave one out.
        Assert.Equal(kind == DxNetPageKind.ScoreList ? recent : recent - 1, data.NewPlays.Count);
        Assert.Equal(data.Record.Entries.Count, sim.Requests.Count(PageKind.PlaylogDetail));
    }

    [Fact]
    public async Task The_pages_requested_are_counted_by_stage_as_the_site_saw_them()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.StrictSessions = true);
        using var scraper = ScraperHarness.For(sim);
        var token = new MaimaiToken(MaimaiTokenKind.Clal, sim.Sessions.ClalToken);

        var result = await scraper.RunAsync(new ScrapeRequest(ScrapeInputs.SessionOf(token), ScrapeInputs.NothingKnown));

        ScraperHarness.DataOf(result);
        var seen = sim.Requests.Counts();
        Assert.Equal(new Dictionary<FetchStage, int>
        {
            [FetchStage.Login] = seen[PageKind.Login],
            [FetchStage.PlayerData] = 1,
            [FetchStage.Scores] = 6,
            [FetchStage.Record] = 1,
            [FetchStage.PlayDetails] = seen[PageKind.PlaylogDetail],
            [FetchStage.MusicDetails] = seen[PageKind.MusicDetail],
        }, result.PagesRequested.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(result.RequestCount, result.PagesRequested.Values.Sum());
        Assert.Equal(sim.Requests.Total, result.RequestCount);
    }

    [Fact]
    public async Task A_maintenance_page_mid_fetch_still_fails_it_with_the_pages_requested_so_far()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var scraper = ScraperHarness.For(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.MaintenancePage, PageKind.Record));

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(sim));

        ScraperHarness.FailureOf<MaintenanceFailure>(result);
        Assert.Equal(new Dictionary<FetchStage, int> { [FetchStage.PlayerData] = 1, [FetchStage.Scores] = 6, [FetchStage.Record] = 1 },
            result.PagesRequested.OrderBy(p => p.Key).ToDictionary());
    }
}
