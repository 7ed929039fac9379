using Maimai.Core.Accounts;
using Maimai.Core.Game;

namespace Maimai.Core.Fetching;

/// <summary>The region plugins as the admin sees them, and the parse warnings their builds left.</summary>
public interface IPluginAdmin
{
    /// <summary>What serves each region now, whether replaced plugins are picked up, and what could not be loaded.</summary>
    PluginReport Plugins();

    /// <summary>Stored parse warnings counted by region, the plugin build that kept them and page kind.</summary>
    Task<IReadOnlyList<ParseWarningGroup>> GroupWarningsAsync(CancellationToken cancellationToken);

    /// <summary>The newest warnings matching the filters (null: any), still unread ones only unless <paramref name="includeRead"/>.</summary>
    Task<IReadOnlyList<StoredParseWarning>> ListWarningsAsync(Region? region, string? pluginVersion, string? pageKind, bool includeRead, int limit, CancellationToken cancellationToken);

    /// <summary>Reads the region's unread warnings again with the plugin serving it now (audited), stores the record entries it reads as plays, and says how many it read and stored.</summary>
    Task<ReparseReport> ReparseAsync(Region region, AuditActor actor, CancellationToken cancellationToken);
}

/// <summary>The plugins folder, whether hot reload is on, the builds serving and the folders that could not be used.</summary>
public sealed record PluginReport(string Folder, bool HotReload, IReadOnlyList<RegionPlugin> Serving, IReadOnlyList<Region> Unavailable, IReadOnlyList<PluginFault> Faults);

/// <summary>The plugin build serving a region: its assembly name, version, folder and when this build was loaded.</summary>
public sealed record RegionPlugin(Region Region, string Name, string Version, string Folder, DateTimeOffset LoadedAt);

/// <summary>A plugin folder whose current files could not be used, and why.</summary>
public sealed record PluginFault(string Folder, string Reason);

/// <summary>How many warnings one build kept on one kind of page: still unread, and read since by a later build.</summary>
public sealed record ParseWarningGroup(Region Region, string PluginVersion, string PageKind, int Unread, int Read);

/// <summary>
/// What a re-parse did: the build that read (null: no plugin serves the region), how many it read, how many stay
/// unread, and how many of those read were record entries stored as new plays.
/// </summary>
public sealed record ReparseReport(string? PluginVersion, int Read, int StillUnreadable, int PlaysStored = 0);
