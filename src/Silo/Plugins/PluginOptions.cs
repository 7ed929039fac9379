using Maimai.Core.Game;
using Maimai.Scraping.Contract;

namespace Maimai.Silo.Plugins;

/// <summary>Where the scraper plugins are and how replaced ones are picked up (configuration section "Plugins").</summary>
public sealed class PluginOptions
{
    public const string Section = "Plugins";

    /// <summary>The options a region's scraper is created with ("Plugins:&lt;Region&gt;"), or the defaults.</summary>
    public static ScraperOptions ScraperOptionsFor(IConfiguration configuration, Region region)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection($"{Section}:{region}").Get<ScraperOptions>() ?? new ScraperOptions();
    }

    /// <summary>
    /// The plugins folder, one subfolder per plugin (e.g. plugins/Intl/). A relative path is taken from the
    /// executable's folder. Defaults to "plugins" beside the executable, where the build copies them.
    /// </summary>
    public string Path { get; set; } = "plugins";

    /// <summary>Whether a plugin whose files are replaced while the service runs is swapped in. Defaults to true.</summary>
    public bool HotReload { get; set; } = true;

    /// <summary>
    /// How long a plugin folder's files must stay unchanged before the new build is loaded, so a copy under way is
    /// not loaded half done. Defaults to 1 second.
    /// </summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the plugins folder is also looked at without a file-system event: for file systems that report
    /// none (network shares, some container mounts) and for a plugins folder created after start. Zero turns it off.
    /// Defaults to 30 seconds.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    public string FullPath => System.IO.Path.GetFullPath(Path, AppContext.BaseDirectory);

    internal void Validate()
    {
        if (ReloadDelay <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:{nameof(ReloadDelay)} must be more than zero (it is {ReloadDelay}).");
        }

        if (PollInterval < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:{nameof(PollInterval)} must be zero (off) or more (it is {PollInterval}).");
        }
    }
}
