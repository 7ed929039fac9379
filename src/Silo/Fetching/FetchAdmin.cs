using System.Globalization;
using System.Text.Json;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Time;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Fetching;

/// <summary>
/// <see cref="IFetchAdmin"/>: reads come from the fetch rows; failing a fetch goes through its player's
/// <see cref="IUserRegionGrain"/>, the one place that decides a fetch's life, then is recorded in admin_audit.
/// </summary>
public sealed partial class FetchAdmin(
    IGrainFactory grains,
    FetchRepository fetches,
    ParseWarningRepository warnings,
    IAccountStore accounts,
    AuditRepository audit,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time,
    ILogger<FetchAdmin> logger) : IFetchAdmin
{
    public async Task<FetchDetail?> GetAsync(long fetchId, CancellationToken cancellationToken)
    {
        if (await fetches.GetAsync(fetchId, cancellationToken) is not { } row)
        {
            return null;
        }

        var account = await accounts.GetAccountAsync(row.UserId, cancellationToken);
        var kept = await warnings.ListForFetchAsync(row.UserId, row.Id, cancellationToken);
        return new FetchDetail(row.ToStatus(), account?.DisplayName ?? "?", row.NodeId, row.HeartbeatAt, [.. kept.Select(Shown)]);
    }

    public async Task<bool> FailAsync(long fetchId, string reason, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (await fetches.GetAsync(fetchId, cancellationToken) is not { } row || row.ToStatus().IsTerminal)
        {
            return false;
        }

        var grain = grains.GetGrain<IUserRegionGrain>(row.UserId, row.Region.ToName());
        if (!await grain.FailFetchAsync(fetchId, FetchErrors.AdminStoppedMessage).WaitAsync(cancellationToken))
        {
            return false;
        }

        // The fetch failed already; the audit entry says who did it and why (the reason is the admin's, not the player's).
        var detail = JsonSerializer.Serialize(new { fetchId, userId = row.UserId, region = row.Region.ToName(), was = row.State.ToString(), reason });
        await audit.AddAsync(actor, time.GetUtcNow(), "fetch.fail", "fetch", fetchId.ToString(CultureInfo.InvariantCulture), detail, CancellationToken.None);
        Stopped(logger, fetchId, actor.UserId ?? 0);
        return true;
    }

    /// <summary>
    /// A stored warning as the admin sees it. Its markup is scrubbed once more (RawFragment drops token-like fields
    /// and parameters), so even a fragment an older build kept shows no token; the reason is our parsers' own words.
    /// Wrapped first: RawFragment cleans what is inside an element, so a secret input at the top level would stay.
    /// </summary>
    internal static StoredParseWarning Shown(ParseWarning w) => new(
        w.Id, w.FetchId, w.UserId, w.Region, w.PageKind, w.PluginVersion, w.Reason, RawFragment.Scrub($"<div>{w.Fragment}</div>", []), w.CreatedAt, w.ReparsedBy);

    [LoggerMessage(EventId = 6101, EventName = "FetchStoppedByAdmin", Level = LogLevel.Information, Message = "Fetch {FetchId} was stopped by admin {AdminId}")]
    private static partial void Stopped(ILogger logger, long fetchId, long adminId);
}
