using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Plugins.Internal;

/// <summary>The scraper plugins' log events, EventIds 1100-1199.</summary>
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

    [LoggerMessage(EventId = 1103, EventName = "PluginSwapped", Level = LogLevel.Information,
        Message = "Scraper plugin for region {Region} swapped to the new build in {Folder} ({Assembly} {Version}); fetches already running finish on the previous build.")]
    public static partial void Swapped(ILogger logger, string region, string folder, string assembly, string version);

    [LoggerMessage(EventId = 1104, EventName = "PluginReloadRefused", Level = LogLevel.Error,
        Message = "New build of the scraper plugin in {Folder} is not usable, the previous build keeps serving: {Reason}")]
    public static partial void ReloadRefused(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 1105, EventName = "PluginUnloaded", Level = LogLevel.Information,
        Message = "Build of the scraper plugin in {Folder} ({Assembly} {Version}) unloaded: it no longer serves and no fetch uses it.")]
    public static partial void Unloaded(ILogger logger, string folder, string assembly, string version);

    [LoggerMessage(EventId = 1106, EventName = "PluginFolderRemoved", Level = LogLevel.Warning,
        Message = "Scraper plugin folder {Folder} was removed; the build loaded from it keeps serving until a new one is installed there or the service restarts.")]
    public static partial void FolderRemoved(ILogger logger, string folder);

    [LoggerMessage(EventId = 1107, EventName = "PluginWatchPolling", Level = LogLevel.Warning,
        Message = "Cannot watch {PluginsPath} for plugin changes ({Reason}); looking every {PollInterval} instead.")]
    public static partial void WatchPolling(ILogger logger, string pluginsPath, string reason, TimeSpan pollInterval);

    [LoggerMessage(EventId = 1108, EventName = "PluginWatchOff", Level = LogLevel.Warning,
        Message = "Cannot watch {PluginsPath} for plugin changes ({Reason}); replaced plugins are picked up only after a restart (set Plugins:PollInterval to look periodically).")]
    public static partial void WatchOff(ILogger logger, string pluginsPath, string reason);

    [LoggerMessage(EventId = 1109, EventName = "PluginScanFailed", Level = LogLevel.Error,
        Message = "Looking for changed scraper plugins in {PluginsPath} failed; looking again at the next change.")]
    public static partial void ScanFailed(ILogger logger, string pluginsPath, Exception exception);
}
