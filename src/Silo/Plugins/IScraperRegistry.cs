using Maimai.Core.Game;

namespace Maimai.Silo.Plugins;

/// <summary>
/// The scrapers the plugins provide, by region, and what went wrong with the others. A plugin's files can be
/// replaced while the service runs: the new build serves the next <see cref="Acquire"/>, and a fetch that holds a
/// lease on the previous build finishes on it.
/// </summary>
public interface IScraperRegistry
{
    /// <summary>
    /// The region's scraper for one fetch, or null when no working plugin serves the region. Hold the lease for
    /// the whole scrape and dispose it at the end: its build stays loaded until then, even after a newer one took over.
    /// </summary>
    ScraperLease? Acquire(Region region);

    /// <summary>Whether a working plugin serves the region now (a fetch started now would get a scraper).</summary>
    bool IsAvailable(Region region);

    IReadOnlyCollection<Region> AvailableRegions { get; }

    /// <summary>Regions with no working plugin; a fetch there fails with a clear message instead of the host not starting.</summary>
    IReadOnlyCollection<Region> UnavailableRegions { get; }

    /// <summary>
    /// Every plugin folder whose current files could not be used, and why. A folder whose new build was refused
    /// is listed here while its previous build keeps serving.
    /// </summary>
    IReadOnlyList<PluginProblem> Problems { get; }

    /// <summary>The build serving each region now, by region: what the admin's plugins page lists.</summary>
    IReadOnlyList<ServingPlugin> Serving { get; }
}

/// <summary>The plugin build serving a region: its entry assembly, version, folder, and when it was loaded.</summary>
public sealed record ServingPlugin(Region Region, string Assembly, string Version, string Folder, DateTimeOffset LoadedAt);

/// <summary>A plugin folder that could not be used: where it is and why.</summary>
public sealed record PluginProblem(string Folder, string Reason);
