using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Fetching;

namespace Maimai.Plugins.Intl;

/// <summary>The plugin entry the host's loader finds: the international site's scraper.</summary>
public sealed class IntlScraperFactory : IRegionScraperFactory
{
    public Region Region => Region.Intl;

    public IRegionScraper Create(ScraperOptions options, TimeProvider timeProvider) =>
        new DxNetScraper(new IntlSite(), options, timeProvider);
}
