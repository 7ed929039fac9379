namespace Maimai.Plugins.Intl;

/// <summary>Marks the Intl scraper plugin assembly.</summary>
public static class PluginInfo;
