namespace Maimai.Silo.Plugins;

/// <summary>Where the scraper plugins are (configuration section "Plugins").</summary>
public sealed class PluginOptions
{
    public const string Section = "Plugins";

    /// <summary>
    /// The plugins folder, one subfolder per plugin (e.g. plugins/Intl/). A relative path is taken from the
    /// executable's folder. Defaults to "plugins" beside the executable, where the build copies them.
    /// </summary>
    public string Path { get; set; } = "plugins";

    public string FullPath => System.IO.Path.GetFullPath(Path, AppContext.BaseDirectory);
}
