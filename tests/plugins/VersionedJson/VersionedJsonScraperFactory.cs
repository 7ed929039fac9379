using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Newtonsoft.Json;

namespace Maimai.TestPlugins.VersionedJson;

/// <summary>A Jp "scraper" that answers with a failure naming the Newtonsoft.Json it runs on.</summary>
public sealed class VersionedJsonScraperFactory : IRegionScraperFactory
{
    public Region Region => Region.Jp;

    public IRegionScraper Create(ScraperOptions options, TimeProvider timeProvider) => new VersionedJsonScraper();
}

/// <summary>Serialises with its own Newtonsoft.Json, so the test can see which one the plugin's context loaded.</summary>
public sealed class VersionedJsonScraper : IRegionScraper
{
    public Region Region => Region.Jp;

    /// <summary>The Newtonsoft.Json assembly this plugin is bound to.</summary>
    public static System.Reflection.Assembly JsonAssembly => typeof(JsonConvert).Assembly;

    public Task<ScrapeResult> ScrapeAsync(ScrapeRequest request, IProgress<ScrapeProgress>? progress, CancellationToken cancellationToken)
    {
        var json = JsonConvert.SerializeObject(new { version = JsonAssembly.GetName().Version?.ToString() });
        var failure = new SiteErrorFailure(null, json);
        return Task.FromResult(ScrapeResult.Fail(failure, new Dictionary<string, string>(), 0));
    }

    public Task<TokenCheckResult> CheckTokenAsync(MaimaiToken token, CancellationToken cancellationToken) =>
        Task.FromResult(TokenCheckResult.Fail(new SiteErrorFailure(null, "this test plugin checks no tokens"), 0));

    public Task<PlayCountResult> ReadPlayCountAsync(DxNetSession session, CancellationToken cancellationToken) =>
        Task.FromResult(PlayCountResult.Fail(new SiteErrorFailure(null, "this test plugin reads no play count"), new Dictionary<string, string>(), 0));
}
