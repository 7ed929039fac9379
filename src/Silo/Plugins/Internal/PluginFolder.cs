using Maimai.Core.Game;
using Maimai.Scraping.Contract;

namespace Maimai.Silo.Plugins.Internal;

/// <summary>What was last loaded from one plugin folder (the registry changes it only under its reload lock).</summary>
internal sealed class PluginFolder(string path)
{
    public string Path => path;

    /// <summary>The files the current build or refusal came from; null before the first load or once removed.</summary>
    public string? Loaded { get; set; }

    /// <summary>Changed files seen by the previous look, waiting to hold still.</summary>
    public string? Seen { get; set; }

    public PluginBuild? Build { get; set; }

    public IReadOnlyDictionary<Region, IRegionScraper> Scrapers { get; set; } = new Dictionary<Region, IRegionScraper>();

    public PluginProblem? Problem { get; set; }
}
