using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Accounts;
using Maimai.Silo.Plugins;
using Maimai.Silo.Storage;
using Maimai.Silo.Time;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.AutoRefresh;

/// <summary>
/// One poll of one player's total play count: a slot of the silo's AutoRefresh:MaxConcurrentPolls, the saved
/// session, the region plugin's one cheap request, and the rotated cookies stored again (a refused token is
/// recorded beside the token, as a failed fetch does, so the token card shows it too).
/// </summary>
internal sealed class AutoRefreshPoller(IScraperRegistry scrapers, DxNetTokenStore tokens, Database database,
    IOptions<AutoRefreshOptions> options, [FromKeyedServices(ServiceClock.Key)] TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentPolls, options.Value.MaxConcurrentPolls);

    public async Task<PlayCountPoll> PollAsync(long userId, Region region, CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(options.Value.SlotWait, cancellationToken))
        {
            return new PlayCountPoll.Skipped("Too many players were being checked at once; the next tick tries again.");
        }

        try
        {
            using var lease = scrapers.Acquire(region);
            if (lease is null)
            {
                return new PlayCountPoll.Skipped($"This server cannot reach {DxNetSites.Name(region)} right now (no scraper for the region is loaded).");
            }

            var read = await tokens.ReadSessionAsync(userId, region, cancellationToken);
            if (read is null)
            {
                return new PlayCountPoll.NoToken("No maimai DX NET token is saved for this region.");
            }

            if (read.Session is not { } session)
            {
                return new PlayCountPoll.NoToken("The saved token could not be read on this server; save it again.");
            }

            var result = await lease.Scraper.ReadPlayCountAsync(session, cancellationToken);
            await RecordSessionAsync(userId, region, result, cancellationToken);
            return result.TotalPlayCount is { } count
                ? new PlayCountPoll.Counted(count, result.RequestCount)
                : new PlayCountPoll.Failed(result.Failure!, result.RequestCount);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    private async Task RecordSessionAsync(long userId, Region region, PlayCountResult result, CancellationToken cancellationToken)
    {
        if (result.RequestCount == 0)
        {
            return; // nothing was sent (the maintenance window): the stored session is as it was
        }

        var now = time.GetUtcNow();
        await using var transaction = await database.BeginAsync(cancellationToken);
        if (result.Failure is null)
        {
            await tokens.SaveSessionAsync(transaction, userId, region, result.SessionCookies, now, cancellationToken);
        }
        else
        {
            var tokenError = result.Failure is TokenExpiredFailure expired ? expired.Message : null;
            await tokens.RecordFailureAsync(transaction, userId, region, tokenError, result.SessionCookies, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>How one poll of the play count ended.</summary>
internal abstract record PlayCountPoll
{
    private PlayCountPoll()
    {
    }

    public sealed record Counted(int TotalPlayCount, int Requests) : PlayCountPoll;

    public sealed record Failed(ScrapeFailure Failure, int Requests) : PlayCountPoll;

    /// <summary>No usable token: nothing can be polled until the player saves one.</summary>
    public sealed record NoToken(string Reason) : PlayCountPoll;

    /// <summary>Nothing was sent this tick (no free slot, no plugin); nothing to hold against the site.</summary>
    public sealed record Skipped(string Reason) : PlayCountPoll;
}
