using System.Net;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Fetching;
using Maimai.Scraping.Tests.Simulator;
using Maimai.Testing;
using Maimai.Testing.Scraping;

namespace Maimai.Scraping.Tests.Fetching;

/// <summary>The check on save: one page against the simulator tells valid, rejected (expired or wrong) and site unavailable apart.</summary>
public sealed class TokenCheckTests
{
    [Theory]
    [InlineData(Region.Intl)]
    [InlineData(Region.Jp)]
    public async Task A_live_userId_is_valid_after_one_request_and_hands_back_the_rotated_session(Region region)
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = region);
        using var scraper = ScraperHarness.For(sim);
        var token = sim.Sessions.Current!;

        var result = await CheckAsync(scraper, new MaimaiToken(MaimaiTokenKind.UserId, token));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(1, sim.Requests.Total);
        Assert.Equal(1, sim.Requests.Count(PageKind.PlayerData));
        Assert.Equal(sim.Sessions.Current, result.SessionCookies["userId"]);
        Assert.NotEqual(token, result.SessionCookies["userId"]);
    }

    [Fact]
    public async Task A_clal_token_logs_in_at_the_gateway_then_reads_one_page()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = Region.Intl);
        using var scraper = ScraperHarness.For(sim);

        var result = await CheckAsync(scraper, new MaimaiToken(MaimaiTokenKind.Clal, sim.Sessions.ClalToken));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(1, sim.Requests.Count(PageKind.Login));
        Assert.Equal(1, sim.Requests.Count(PageKind.PlayerData));
        Assert.DoesNotContain("clal", result.SessionCookies.Keys);
    }

    [Theory]
    [InlineData(Region.Intl)]
    [InlineData(Region.Jp)]
    public async Task An_expired_session_is_rejected(Region region)
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = region);
        using var scraper = ScraperHarness.For(sim);
        var token = sim.Sessions.Current!;
        sim.Sessions.ExpireAll();

        var result = await CheckAsync(scraper, new MaimaiToken(MaimaiTokenKind.UserId, token));

        Assert.True(result.IsRejected, result.ToString());
        Assert.False(result.IsSiteUnavailable);
        Assert.IsType<TokenExpiredFailure>(result.Failure);
        Assert.Empty(result.SessionCookies);
        Assert.DoesNotContain(token, result.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(1, sim.Requests.Count(PageKind.PlayerData));
    }

    [Fact]
    public async Task A_wrong_userId_is_rejected()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var scraper = ScraperHarness.For(sim);

        var result = await CheckAsync(scraper, new MaimaiToken(MaimaiTokenKind.UserId, "1234567890123456789"));

        Assert.True(result.IsRejected, result.ToString());
    }

    [Fact]
    public async Task A_lapsed_clal_is_rejected()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = Region.Intl);
        using var scraper = ScraperHarness.For(sim);
        sim.Sessions.ClalValid = false;

        var result = await CheckAsync(scraper, new MaimaiToken(MaimaiTokenKind.Clal, sim.Sessions.ClalToken));

        Assert.True(result.IsRejected, result.ToString());
        Assert.Equal(0, sim.Requests.Count(PageKind.PlayerData));
    }

    [Fact]
    public async Task The_maintenance_page_means_the_site_is_unavailable_not_that_the_token_is_bad()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var scraper = ScraperHarness.For(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.MaintenancePage, PageKind.PlayerData));

        var result = await CheckAsync(scraper, new MaimaiToken(MaimaiTokenKind.UserId, sim.Sessions.Current!));

        Assert.True(result.IsSiteUnavailable, result.ToString());
        Assert.False(result.IsRejected);
        Assert.IsType<MaintenanceFailure>(result.Failure);
    }

    [Fact]
    public async Task A_503_means_the_site_is_unavailable()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var scraper = ScraperHarness.For(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.ServiceUnavailable, PageKind.PlayerData));

        var result = await CheckAsync(scraper, new MaimaiToken(MaimaiTokenKind.UserId, sim.Sessions.Current!));

        Assert.True(result.IsSiteUnavailable, result.ToString());
        Assert.Equal(503, Assert.IsType<NetworkFailure>(result.Failure).HttpStatus);
    }

    [Fact]
    public async Task The_daily_window_answers_without_a_request_unless_it_is_not_observed()
    {
        await using var sim = await TestSimulator.StartAsync();
        var clock = new ManualClock(new DateTimeOffset(2025, 6, 1, 5, 30, 0, TimeSpan.FromHours(9)));
        using var observing = ScraperHarness.For(sim, clock);

        var result = await CheckAsync(observing, new MaimaiToken(MaimaiTokenKind.UserId, sim.Sessions.Current!));

        Assert.True(result.IsSiteUnavailable, result.ToString());
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 7, 0, 0, TimeSpan.FromHours(9)), Assert.IsType<MaintenanceFailure>(result.Failure).EndsAt);
        Assert.Equal(0, sim.Requests.Total);

        var options = ScraperHarness.Options(sim);
        options.ObserveMaintenanceWindow = false;
        using var ignoring = new DxNetScraper(new TestRegionSite(sim.Region), options, clock);
        Assert.True((await CheckAsync(ignoring, new MaimaiToken(MaimaiTokenKind.UserId, sim.Sessions.Current!))).IsValid);
    }

    [Fact]
    public async Task Nobody_listening_means_the_site_is_unavailable()
    {
        // A port nothing listens on: the connection is refused.
        var port = FreePort.Next();
        var options = new ScraperOptions { SiteBaseUrl = new Uri($"http://127.0.0.1:{port}/"), RequestGap = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(5) };
        using var scraper = new DxNetScraper(new TestRegionSite(Region.Jp), options, new ManualClock(ScraperHarness.NoonJst));

        var result = await CheckAsync(scraper, new MaimaiToken(MaimaiTokenKind.UserId, "1234567890123456789"));

        Assert.True(result.IsSiteUnavailable, result.ToString());
        Assert.IsType<NetworkFailure>(result.Failure);
        Assert.DoesNotContain("1234567890123456789", result.Failure!.Message, StringComparison.Ordinal);
    }

    private static Task<TokenCheckResult> CheckAsync(DxNetScraper scraper, MaimaiToken token) =>
        scraper.CheckTokenAsync(token, CancellationToken.None).WaitAsync(TestSimulator.Timeout);
}
