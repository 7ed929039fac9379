using System.Runtime.CompilerServices;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Maimai.TestPlugins.Reloadable;

/// <summary>An Intl "scraper" built twice (1.0.0 and 2.0.0), so a test can tell which build a lease got.</summary>
public sealed class ReloadableScraperFactory : IRegionScraperFactory
{
    public Region Region => Region.Intl;

    /// <summary>Refuses a zero timeout, as the real scrapers do, so a test can make a new build fail to start.</summary>
    public IRegionScraper Create(ScraperOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options.Timeout));
        return new ReloadableScraper();
    }
}

/// <summary>
/// Reports progress once (a test can hold the scrape there), then answers with a failure naming its build and the
/// Newtonsoft.Json it runs on. That assembly is loaded only then, which a load context already unloading refuses.
/// </summary>
public sealed class ReloadableScraper : IRegionScraper
{
    public Region Region => Region.Intl;

    public async Task<ScrapeResult> ScrapeAsync(ScrapeRequest request, IProgress<ScrapeProgress>? progress, CancellationToken cancellationToken)
    {
        await Task.Yield(); // return to the caller before the progress report, which the test may hold
        progress?.Report(new ScrapeProgress(FetchStage.PlayerData, 0, 1));
        return ScrapeResult.Fail(new SiteErrorFailure(null, Describe()), new Dictionary<string, string>(), 1);
    }

    public Task<TokenCheckResult> CheckTokenAsync(MaimaiToken token, CancellationToken cancellationToken) =>
        Task.FromResult(TokenCheckResult.Fail(new SiteErrorFailure(null, Describe()), 0));

    public Task<PlayCountResult> ReadPlayCountAsync(DxNetSession session, CancellationToken cancellationToken) =>
        Task.FromResult(PlayCountResult.Fail(new SiteErrorFailure(null, Describe()), new Dictionary<string, string>(), 0));

    // Compiled, and so Newtonsoft.Json loaded, on the first call only. A JObject of strings: JsonConvert.SerializeObject
    // of an anonymous type of this assembly was seen to keep the build from ever unloading.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Describe() => new JObject
    {
        ["build"] = typeof(ReloadableScraper).Assembly.GetName().Version?.ToString(),
        ["json"] = typeof(JObject).Assembly.GetName().Version?.ToString(),
    }.ToString(Formatting.None);
}
