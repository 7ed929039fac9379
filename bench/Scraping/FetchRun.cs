using Maimai.Core.Game;
using Maimai.DxNetSimulator;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Fetching;

namespace Maimai.Benchmarks.Scraping;

/// <summary>The international site's shape, aimed at a simulator through the options.</summary>
internal sealed class BenchSite : DxNetRegionSite
{
    public override Region Region => Region.Intl;

    public override Uri DefaultSiteBaseUrl { get; } = new("http://127.0.0.1:9/");
}

/// <summary>One simulator and one scraper, with no request gap and a clock outside the maintenance window.</summary>
internal sealed class FetchRig : IAsyncDisposable
{
    private FetchRig(RunningSimulator simulator, DxNetScraper scraper)
    {
        Simulator = simulator;
        Scraper = scraper;
    }

    public RunningSimulator Simulator { get; }

    public DxNetScraper Scraper { get; }

    public static async Task<FetchRig> StartAsync(int songCount)
    {
        var simulator = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { SongCount = songCount, Seed = 7 });
        var scraper = new DxNetScraper(new BenchSite(), new ScraperOptions
        {
            SiteBaseUrl = simulator.BaseUrl,
            RequestGap = TimeSpan.Zero,
            Timeout = TimeSpan.FromSeconds(60),
        }, new NoonClock());
        return new FetchRig(simulator, scraper);
    }

    public async Task<ScrapeResult> FetchAsync(KnownState known, IReadOnlyDictionary<string, string>? cookies = null)
    {
        var token = new MaimaiToken(MaimaiTokenKind.UserId, Simulator.Sessions.Current!);
        var session = new DxNetSession(token, cookies ?? new Dictionary<string, string>());
        var result = await Scraper.ScrapeAsync(new ScrapeRequest(session, known), null, CancellationToken.None);
        return result.Failure is null ? result : throw new InvalidOperationException(result.Failure!.Message);
    }

    public async ValueTask DisposeAsync()
    {
        Scraper.Dispose();
        await Simulator.DisposeAsync();
    }

    private sealed class NoonClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2025, 6, 1, 3, 0, 0, TimeSpan.Zero);
    }
}
