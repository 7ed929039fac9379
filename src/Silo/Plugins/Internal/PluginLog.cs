using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Plugins;

/// <summary>The loader's log messages.</summary>
internal static partial class PluginLog
{
    [LoggerMessage(EventId = 1100, EventName = "PluginLoaded", Level = LogLevel.Information,
        Message = "Scraper plugin for region {Region} loaded from {Folder} ({Assembly}).")]
    public static partial void Loaded(ILogger logger, string region, string folder, string assembly);

    [LoggerMessage(EventId = 1101, EventName = "PluginFailed", Level = LogLevel.Error,
        Message = "Scraper plugin in {Folder} is not usable: {Reason}")]
    public static partial void Failed(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 1102, EventName = "RegionUnavailable", Level = LogLevel.Warning,
        Message = "No scraper plugin for region {Region}: fetches for it will fail until a working plugin is installed in {PluginsPath}.")]
    public static partial void RegionUnavailable(ILogger logger, string region, string pluginsPath);
}
