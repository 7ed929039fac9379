using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Core.Rating;
using Maimai.Silo.Accounts;
using Maimai.Silo.Fetching.Internal;
using Maimai.Silo.Time;
using Maimai.Silo.Songs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maimai.Silo.Fetching;

/// <summary>Registers fetching: the pipeline and its runner, the token store, the coordinator over the UserRegion grains, and the lost-fetch sweep.</summary>
public static class FetchingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IFetchCoordinator"/> and <see cref="IDxNetTokenStore"/> with everything behind them. Needs
    /// AddStorage, AddScraperPlugins and the Orleans silo (AddCluster, called first so the silo starts before the
    /// runner and stops after it); binds <see cref="FetchOptions"/> to "Fetching".
    /// </summary>
    public static IServiceCollection AddFetching(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FetchOptions>()
            .Bind(configuration.GetSection(FetchOptions.SectionName))
            .Validate(o => o.RateLimit >= TimeSpan.Zero, "Fetching:RateLimit must not be negative.")
            .Validate(o => o.HeartbeatInterval > TimeSpan.Zero && o.LeaseDuration > o.HeartbeatInterval * 2,
                "Fetching:LeaseDuration must be more than two Fetching:HeartbeatInterval, or a live fetch could be taken for lost.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero && o.WatchPollInterval > TimeSpan.Zero, "Fetching:SweepInterval and WatchPollInterval must be positive.")
            .Validate(o => o.MaxConcurrentFetches > 0, "Fetching:MaxConcurrentFetches must be at least 1.")
            .Validate(o => o.MaxConcurrentDetails > 0, "Fetching:MaxConcurrentDetails must be at least 1.")
            .ValidateOnStart();

        // Tokens stay readable across restarts and nodes only with a persisted, shared key ring: the database's.
        services.AddTokenProtection(configuration);
        services.AddServiceClock();
        services.TryAddSingleton(CurrentVersions.Default);
        services.AddSongCache(configuration);
        services.TryAddSingleton<IDxNetTokenCheck, DxNetTokenCheck>();
        services.TryAddSingleton<DxNetTokenStore>();
        services.TryAddSingleton<IDxNetTokenStore>(sp => sp.GetRequiredService<DxNetTokenStore>());
        services.TryAddSingleton<FetchCommitter>();
        services.TryAddSingleton<DetailPhase>();
        services.TryAddSingleton<RecoveredPlayStore>();
        services.TryAddSingleton<ParseWarningReader>();
        services.TryAddSingleton<FetchPipeline>();
        services.TryAddSingleton<FetchMetrics>();
        services.TryAddSingleton<FetchRunner>();
        services.TryAddSingleton<FetchLiveness>();
        services.TryAddSingleton<LostFetchSweeper>();
        services.TryAddSingleton<FetchCoordinator>();
        services.TryAddSingleton<IFetchCoordinator>(sp => sp.GetRequiredService<FetchCoordinator>());
        services.AddHostedService(sp => sp.GetRequiredService<FetchRunner>());
        services.AddHostedService(sp => sp.GetRequiredService<LostFetchSweeper>());
        return services;
    }
}
