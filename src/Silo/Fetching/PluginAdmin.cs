using System.Text.Json;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Silo.Plugins;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Time;
using Microsoft.Extensions.Configuration;

namespace Maimai.Silo.Fetching;

/// <summary><see cref="IPluginAdmin"/> over the registry, the stored parse warnings and <see cref="ParseWarningReader"/>.</summary>
public sealed class PluginAdmin(
    IScraperRegistry registry,
    IConfiguration configuration,
    ParseWarningRepository warnings,
    ParseWarningReader reader,
    AuditRepository audit,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time) : IPluginAdmin
{
    /// <summary>How many warnings one re-parse reads at most (the rest wait for the next press).</summary>
    public const int ReparseBatch = 1000;

    public PluginReport Plugins()
    {
        // Read as the registry read them at start (Plugins section), so the page states what the running registry does.
        var options = configuration.GetSection(PluginOptions.Section).Get<PluginOptions>() ?? new PluginOptions();
        return new PluginReport(
            options.FullPath,
            options.HotReload,
            [.. registry.Serving.Select(p => new RegionPlugin(p.Region, p.Assembly, p.Version, p.Folder, p.LoadedAt))],
            [.. registry.UnavailableRegions],
            [.. registry.Problems.Select(p => new PluginFault(p.Folder, p.Reason))]);
    }

    public async Task<IReadOnlyList<ParseWarningGroup>> GroupWarningsAsync(CancellationToken cancellationToken) =>
        [.. (await warnings.CountAsync(cancellationToken)).Select(g => new ParseWarningGroup(g.Region, g.PluginVersion, g.PageKind, g.Unread, g.Read))];

    public async Task<IReadOnlyList<StoredParseWarning>> ListWarningsAsync(Region? region, string? pluginVersion, string? pageKind, bool includeRead, int limit, CancellationToken cancellationToken) =>
        [.. (await warnings.ListAsync(region, pluginVersion, pageKind, includeRead, limit, cancellationToken)).Select(FetchAdmin.Shown)];

    public async Task<ReparseReport> ReparseAsync(Region region, AuditActor actor, CancellationToken cancellationToken)
    {
        var pass = await reader.ReadAgainAsync(region, ReparseBatch, cancellationToken);
        var report = new ReparseReport(pass.PluginVersion, pass.Read.Count, pass.StillUnreadable, pass.PlaysStored);
        await audit.AddAsync(actor, time.GetUtcNow(), "warnings.reparse", "parse_warnings", region.ToName(),
            JsonSerializer.Serialize(new { region = region.ToName(), plugin = pass.PluginVersion, read = report.Read, stillUnreadable = report.StillUnreadable, playsStored = report.PlaysStored }),
            CancellationToken.None);
        return report;
    }
}
