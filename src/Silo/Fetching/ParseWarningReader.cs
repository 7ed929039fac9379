using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Silo.Plugins;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Time;

namespace Maimai.Silo.Fetching;

/// <summary>What one pass over a region's stored warnings found.</summary>
/// <param name="PluginVersion">The plugin build that read them; null when the region has no plugin.</param>
/// <param name="Read">Warnings that build could read, now marked with it.</param>
/// <param name="StillUnreadable">Warnings it could not read either; they stay for the next build.</param>
/// <param name="PlaysStored">Record entries among <paramref name="Read"/> stored as new plays.</param>
public sealed record ParseWarningPass(string? PluginVersion, IReadOnlyList<(ParseWarning Warning, RowReparse Result)> Read, int StillUnreadable, int PlaysStored = 0);

/// <summary>
/// Reads stored parse warnings again with the region's current plugin, so a newer build recovers entries an older
/// one kept raw. A recovered record entry is stored as a play (see <see cref="RecoveredPlayStore"/>); score rows and
/// playlogDetail pages are only marked read, for the admin to see: the snapshot they belonged to is not rewritten.
/// </summary>
public sealed class ParseWarningReader(
    ParseWarningRepository warnings,
    RecoveredPlayStore recovered,
    IScraperRegistry scrapers,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time)
{
    /// <summary>Reads up to <paramref name="limit"/> of the region's unread warnings, oldest first.</summary>
    public async Task<ParseWarningPass> ReadAgainAsync(Region region, int limit, CancellationToken cancellationToken)
    {
        using var lease = scrapers.Acquire(region);
        if (lease is null)
        {
            return new ParseWarningPass(null, [], 0);
        }

        var read = new List<(ParseWarning, RowReparse)>();
        var unreadable = 0;
        var stored = 0;
        foreach (var warning in await warnings.ListUnreadAsync(region, 0, limit, cancellationToken))
        {
            if (!Enum.TryParse<DxNetPageKind>(warning.PageKind, out var kind))
            {
                unreadable++;
                continue;
            }

            var result = lease.Scraper.Reparse(new RowWarning(kind, warning.Reason, warning.Fragment));
            if (!result.IsRead)
            {
                unreadable++;
                continue;
            }

            if (kind == DxNetPageKind.Record && result.Entry is { } entry)
            {
                var outcome = await recovered.StoreAsync(warning, entry, lease.PluginVersion, time.GetUtcNow(), cancellationToken);
                if (outcome != RecoveredPlayOutcome.AlreadyRead)
                {
                    read.Add((warning, result));
                    stored += outcome == RecoveredPlayOutcome.Stored ? 1 : 0;
                }
            }
            else if (await warnings.MarkReparsedAsync(warning.Id, lease.PluginVersion, time.GetUtcNow(), cancellationToken))
            {
                read.Add((warning, result));
            }
        }

        return new ParseWarningPass(lease.PluginVersion, read, unreadable, stored);
    }
}
