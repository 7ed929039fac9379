using Maimai.Core.Game;
using Maimai.DxNetSimulator;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Fetching;
using Maimai.Scraping.Tests.Simulator;
using Maimai.Testing.Scraping;

namespace Maimai.Scraping.Tests.Fetching;

/// <summary>A region site pointed at nothing in particular: the tests give the simulator's URLs through the options.</summary>
internal sealed class TestRegionSite(Region region) : DxNetRegionSite
{
    public override Region Region => region;

    public override Uri DefaultSiteBaseUrl { get; } = new("http://127.0.0.1:9/");

    public override Uri? ClalLoginUrl(Uri gatewayUrl, Uri siteUrl) => region == Region.Intl
        ? new Uri(gatewayUrl, "common_auth/login?site_id=maimaidxex&redirect_url=" + Uri.EscapeDataString(siteUrl.AbsoluteUri)
            + "&back_url=" + Uri.EscapeDataString("https://maimai.sega.com/"))
        : null;
}

/// <summary>Scrapers aimed at a running simulator, with no gap and a clock fixed at noon in Japan (outside maintenance).</summary>
internal static class ScraperHarness
{
    public static readonly DateTimeOffset NoonJst = new(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(9));

    public static DxNetScraper For(RunningSimulator sim, TimeProvider? clock = null, TimeSpan? timeout = null) =>
        new(new TestRegionSite(sim.Region), Options(sim, timeout), clock ?? new ManualClock(NoonJst));

    public static ScraperOptions Options(RunningSimulator sim, TimeSpan? timeout = null) => new()
    {
        SiteBaseUrl = sim.BaseUrl,
        LoginGatewayUrl = sim.GatewayUrl,
        RequestGap = TimeSpan.Zero,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    public static ScrapeRequest WithUserId(string userId, KnownState? known = null) =>
        new(ScrapeInputs.SessionOf(new MaimaiToken(MaimaiTokenKind.UserId, userId)), known ?? ScrapeInputs.NothingKnown);

    public static ScrapeRequest WithUserId(RunningSimulator sim, KnownState? known = null) => WithUserId(sim.Sessions.Current!, known);

    public static Task<ScrapeResult> RunAsync(this IRegionScraper scraper, ScrapeRequest request, IProgress<ScrapeProgress>? progress = null) =>
        scraper.ScrapeAsync(request, progress, CancellationToken.None).WaitAsync(TestSimulator.Timeout);

    public static T FailureOf<T>(ScrapeResult result)
        where T : ScrapeFailure
    {
        Assert.False(result.Failure is null, "The scrape should have failed.");
        Assert.Null(result.Data);
        return Assert.IsType<T>(result.Failure);
    }

    public static ScrapedData DataOf(ScrapeResult result)
    {
        Assert.True(result.Failure is null, result.Failure?.Message);
        return result.Data!;
    }
}
