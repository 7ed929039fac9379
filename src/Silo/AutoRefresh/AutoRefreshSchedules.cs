using System.Globalization;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Silo.Accounts;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.AutoRefresh;

/// <summary>The silo's <see cref="IAutoRefresh"/>: checks the request, then asks the player's <see cref="IAutoRefreshGrain"/>.</summary>
internal sealed class AutoRefreshSchedules(IGrainFactory grains, DxNetTokenStore tokens, IOptions<AutoRefreshOptions> options) : IAutoRefresh
{
    public Task<AutoRefreshStatus> GetAsync(long userId, Region region, CancellationToken cancellationToken) =>
        Grain(userId, region).GetAsync().WaitAsync(cancellationToken);

    public async Task<AutoRefreshChange> SetAsync(long userId, Region region, bool enabled, TimeSpan? interval, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (interval is { } asked && (asked < settings.MinimumInterval || asked > settings.MaximumInterval))
        {
            return new AutoRefreshChange.InvalidInterval(string.Create(CultureInfo.InvariantCulture,
                $"must be between {settings.MinimumInterval.TotalMinutes:0} and {settings.MaximumInterval.TotalMinutes:0} minutes"));
        }

        if (enabled && !await tokens.IsSetAsync(userId, region, cancellationToken))
        {
            return new AutoRefreshChange.TokenNotSet();
        }

        var grain = Grain(userId, region);
        var chosen = interval ?? (await grain.GetAsync().WaitAsync(cancellationToken)).Interval;
        return new AutoRefreshChange.Saved(await grain.SetAsync(enabled, chosen).WaitAsync(cancellationToken));
    }

    private IAutoRefreshGrain Grain(long userId, Region region) => grains.GetGrain<IAutoRefreshGrain>(userId, region.ToName());
}
