using System.Diagnostics.CodeAnalysis;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;

namespace Maimai.Silo.Plugins;

/// <summary>The scrapers the plugins provided, by region, and what went wrong with the others.</summary>
public interface IScraperRegistry
{
    bool TryGet(Region region, [NotNullWhen(true)] out IRegionScraper? scraper);

    IReadOnlyCollection<Region> AvailableRegions { get; }

    /// <summary>Regions with no working plugin; a fetch there fails with a clear message instead of the host not starting.</summary>
    IReadOnlyCollection<Region> UnavailableRegions { get; }

    /// <summary>Every plugin that could not be used, and why.</summary>
    IReadOnlyList<PluginProblem> Problems { get; }
}

/// <summary>A plugin folder that could not be used: where it is and why.</summary>
public sealed record PluginProblem(string Folder, string Reason);

/// <summary>The registry the loader built; immutable after start-up.</summary>
internal sealed class ScraperRegistry(IReadOnlyDictionary<Region, IRegionScraper> scrapers, IReadOnlyList<PluginProblem> problems)
    : IScraperRegistry
{
    public bool TryGet(Region region, [NotNullWhen(true)] out IRegionScraper? scraper) => scrapers.TryGetValue(region, out scraper);

    public IReadOnlyCollection<Region> AvailableRegions { get; } = [.. scrapers.Keys.Order()];

    public IReadOnlyCollection<Region> UnavailableRegions { get; } = [.. Enum.GetValues<Region>().Where(r => !scrapers.ContainsKey(r))];

    public IReadOnlyList<PluginProblem> Problems => problems;
}
