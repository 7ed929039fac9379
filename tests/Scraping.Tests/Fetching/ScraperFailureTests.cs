using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Fetching;
using Maimai.Scraping.Tests.Simulator;

namespace Maimai.Scraping.Tests.Fetching;

/// <summary>Every fault the simulator can produce ends the scrape with its typed failure, never an exception.</summary>
public sealed class ScraperFailureTests
{
    [Theory]
    [InlineData(Region.Intl)]
    [InlineData(Region.Jp)]
    public async Task The_maintenance_page_is_a_maintenance_failure(Region region)
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = region);
        using var scraper = ScraperHarness.For(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.MaintenancePage, PageKind.PlayerData));

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(sim));

        var failure = ScraperHarness.FailureOf<MaintenanceFailure>(result);
        Assert.Equal(FetchErrorCode.Maintenance, failure.Code);
        Assert.Null(failure.EndsAt);
    }

    [Fact]
    public async Task The_daily_window_fails_by_the_clock_without_any_request()
    {
        await using var sim = await TestSimulator.StartAsync();
        var clock = new ManualClock(new DateTimeOffset(2025, 6, 1, 5, 30, 0, TimeSpan.FromHours(9)));
        using var scraper = ScraperHarness.For(sim, clock);

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(sim));

        var failure = ScraperHarness.FailureOf<MaintenanceFailure>(result);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 7, 0, 0, TimeSpan.FromHours(9)), failure.EndsAt);
        Assert.Contains("07:00 JST", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, sim.Requests.Total);
        Assert.Equal(0, result.RequestCount);
    }

    [Fact]
    public async Task With_the_window_not_observed_a_fetch_at_0530_JST_reads_the_site()
    {
        await using var sim = await TestSimulator.StartAsync();
        var clock = new ManualClock(new DateTimeOffset(2025, 6, 1, 5, 30, 0, TimeSpan.FromHours(9)));
        var options = ScraperHarness.Options(sim);
        options.ObserveMaintenanceWindow = false;
        using var scraper = new DxNetScraper(new TestRegionSite(sim.Region), options, clock);

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(sim));

        Assert.NotEmpty(ScraperHarness.DataOf(result).Scores.Rows);
        Assert.True(sim.Requests.Total > 0);
    }

    [Fact]
    public async Task An_error_code_page_is_a_site_error_with_its_code_and_text()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var scraper = ScraperHarness.For(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.ErrorPage, PageKind.ScoreList) with { ErrorCode = 200002 });

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(sim));

        var failure = ScraperHarness.FailureOf<SiteErrorFailure>(result);
        Assert.Equal(FetchErrorCode.SiteError, failure.Code);
        Assert.Equal(200002, failure.ErrorCode);
        Assert.Contains("The connection time has been expired", failure.Text, StringComparison.Ordinal);
        Assert.Equal(1, sim.Requests.Count(PageKind.Error));
    }

    [Fact]
    public async Task A_503_is_a_network_failure()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var scraper = ScraperHarness.For(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.ServiceUnavailable, PageKind.Record));

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(sim));

        var failure = ScraperHarness.FailureOf<NetworkFailure>(result);
        Assert.Equal(503, failure.HttpStatus);
        Assert.Equal("/maimai-mobile/record/", failure.Path);
    }

    [Fact]
    public async Task A_truncated_body_is_a_network_failure()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var scraper = ScraperHarness.For(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.TruncatedBody, PageKind.ScoreList));

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(sim));

        var failure = ScraperHarness.FailureOf<NetworkFailure>(result);
        Assert.Null(failure.HttpStatus);
        Assert.Contains("musicGenre/search", failure.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_slower_than_the_timeout_is_a_network_failure()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var scraper = ScraperHarness.For(sim, timeout: TimeSpan.FromMilliseconds(300));
        sim.Faults.Add(FaultRule.Once(FaultKind.SlowBody, PageKind.PlayerData) with { SlowBodyDuration = TimeSpan.FromSeconds(5) });

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(sim));

        var failure = ScraperHarness.FailureOf<NetworkFailure>(result);
        Assert.Contains("no complete answer within 0.3 s", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Region.Intl)]
    [InlineData(Region.Jp)]
    public async Task A_rejected_user_id_is_token_expired(Region region)
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = region);
        using var scraper = ScraperHarness.For(sim);
        var userId = sim.Sessions.Current!;
        sim.Sessions.ExpireAll();

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(userId));

        var failure = ScraperHarness.FailureOf<TokenExpiredFailure>(result);
        Assert.Equal(FetchErrorCode.TokenExpired, failure.Code);
        Assert.DoesNotContain(userId, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_of_another_kind_is_an_unexpected_page_with_an_excerpt()
    {
        await using var site = await StaticSite.StartAsync("<html><head><title>maimai DX NET</title></head><body><p>Something else entirely</p></body></html>");
        using var scraper = new Maimai.Scraping.Fetching.DxNetScraper(new TestRegionSite(Region.Jp),
            new ScraperOptions { SiteBaseUrl = site.Url, RequestGap = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(10) },
            new ManualClock(ScraperHarness.NoonJst));

        var result = await scraper.RunAsync(ScraperHarness.WithUserId("123"));

        var failure = ScraperHarness.FailureOf<UnexpectedPageFailure>(result);
        Assert.Equal(Maimai.Scraping.Pages.DxNetPageKind.PlayerData, failure.Page.Expected);
        Assert.Equal("/maimai-mobile/playerData/", failure.Path);
        Assert.Equal(FetchErrorCode.UnexpectedPage, failure.Code);
    }

    [Fact]
    public async Task An_unreachable_site_is_a_network_failure()
    {
        using var scraper = new Maimai.Scraping.Fetching.DxNetScraper(new TestRegionSite(Region.Jp),
            new ScraperOptions { SiteBaseUrl = new Uri("http://127.0.0.1:9/"), RequestGap = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(10) },
            new ManualClock(ScraperHarness.NoonJst));

        var result = await scraper.RunAsync(ScraperHarness.WithUserId("123"));

        Assert.Equal(FetchErrorCode.Network, ScraperHarness.FailureOf<NetworkFailure>(result).Code);
    }
}
