using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Fetching;

namespace Maimai.Plugins.Jp;

/// <summary>The plugin entry the host's loader finds: the Japanese site's scraper.</summary>
public sealed class JpScraperFactory : IRegionScraperFactory
{
    public Region Region => Region.Jp;

    public IRegionScraper Create(ScraperOptions options, TimeProvider timeProvider) =>
        new DxNetScraper(new JpSite(), options, timeProvider);
}
