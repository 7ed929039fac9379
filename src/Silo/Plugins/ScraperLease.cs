using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Plugins.Internal;

namespace Maimai.Silo.Plugins;

/// <summary>
/// A region's scraper, held for one fetch. The plugin build it came from stays loaded until every lease on it is
/// disposed, even after a newer build took over; dispose it when the fetch ends.
/// </summary>
public sealed class ScraperLease : IDisposable
{
    private IRegionScraper? _scraper;
    private PluginBuild? _build;

    internal ScraperLease(Region region, IRegionScraper scraper, PluginBuild build)
    {
        Region = region;
        _scraper = scraper;
        _build = build;
        PluginVersion = $"{build.Assembly} {build.Version}";
    }

    public Region Region { get; }

    /// <summary>The plugin build's entry assembly and version ("Maimai.Plugins.Intl 1.2.0.0"), stored with what it read.</summary>
    public string PluginVersion { get; }

    /// <summary>The scraper; not available once the lease is disposed (its build may be unloaded by then).</summary>
    public IRegionScraper Scraper => _scraper ?? throw new ObjectDisposedException(nameof(ScraperLease));

    public void Dispose()
    {
        // Drop the scraper too: a disposed lease must not keep the build's load context alive.
        _scraper = null;
        Interlocked.Exchange(ref _build, null)?.Release();
    }
}
