using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Plugins;

namespace Maimai.Silo.Accounts;

/// <summary>Asks the region's site whether a token works, before it is saved.</summary>
public interface IDxNetTokenCheck
{
    /// <summary>What the site said; null when no scraper plugin serves the region on this server.</summary>
    Task<TokenCheckResult?> CheckAsync(Region region, MaimaiToken token, CancellationToken cancellationToken);
}

/// <summary>The check through the region's scraper plugin, with the same options (and maintenance window) as its fetches.</summary>
public sealed class DxNetTokenCheck(IScraperRegistry scrapers) : IDxNetTokenCheck
{
    public async Task<TokenCheckResult?> CheckAsync(Region region, MaimaiToken token, CancellationToken cancellationToken)
    {
        using var lease = scrapers.Acquire(region);
        return lease is null ? null : await lease.Scraper.CheckTokenAsync(token, cancellationToken);
    }
}
