using Maimai.Core.Fetching;
using Maimai.Silo.Accounts;
using Maimai.Silo.Grains;
using Maimai.Silo.Plugins;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Fetching;

/// <summary>
/// One player on one region's site: owns the fetch lifecycle and the rate limit. On a node, its turns run one
/// at a time, so concurrent StartFetch calls are answered in order; across nodes the database decides (the
/// rate-limit row's lock and the one-active-fetch index), so this grain keeps no state it would have to trust.
/// </summary>
public sealed class UserRegionGrain(
    UserRegionKey key,
    FetchStore store,
    DxNetTokenStore tokens,
    IScraperRegistry scrapers,
    IOptions<FetchOptions> options,
    TimeProvider time,
    IServiceProvider services) : IGrain
{
    // Start, then lose a race to a fetch that ended at once, then find it rate limited: three tries are plenty.
    private const int Attempts = 3;

    /// <summary>
    /// Starts a fetch unless one is pending or running (that one is returned) or the last start was less than
    /// the rate limit ago. The order matters: the active fetch is looked for first, so callers that arrive while
    /// a fetch runs are told about it rather than about the rate limit it consumed.
    /// </summary>
    public async Task<StartFetchOutcome> StartFetchAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.GetActiveAsync(key.UserId, key.Region, cancellationToken) is { } active)
            {
                return new StartFetchOutcome.AlreadyRunning(active);
            }

            if (!scrapers.IsAvailable(key.Region))
            {
                return new StartFetchOutcome.RegionUnavailable(FetchErrors.RegionMessage);
            }

            if (!await tokens.IsSetAsync(key.UserId, key.Region, cancellationToken))
            {
                return new StartFetchOutcome.TokenNotSet();
            }

            var now = time.GetUtcNow();
            switch (await store.TryStartAsync(key.UserId, key.Region, now, options.Value.RateLimit, cancellationToken))
            {
                case StartAttempt.Started started:
                    services.GetRequiredService<FetchRunTracker>().Start(started.Fetch);
                    return new StartFetchOutcome.Started(started.Fetch);

                case StartAttempt.RateLimited limited:
                    // Another node may have just started the fetch that took the slot: report that fetch instead.
                    if (await store.GetActiveAsync(key.UserId, key.Region, cancellationToken) is { } justStarted)
                    {
                        return new StartFetchOutcome.AlreadyRunning(justStarted);
                    }

                    return new StartFetchOutcome.RateLimited(limited.NextAllowedAt, limited.NextAllowedAt - now);

                case StartAttempt.Conflict when attempt < Attempts:
                    continue; // the active fetch ended between our look and our insert: look again

                default:
                    var last = await store.GetActiveAsync(key.UserId, key.Region, cancellationToken);
                    return last is not null
                        ? new StartFetchOutcome.AlreadyRunning(last)
                        : throw new InvalidOperationException("A fetch was reported active but could not be found; try again.");
            }
        }
    }
}
