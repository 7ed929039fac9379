namespace Maimai.Plugins.Jp;

/// <summary>Marks the Jp scraper plugin assembly.</summary>
public static class PluginInfo;
