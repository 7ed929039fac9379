using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Core.Rating;
using Maimai.Silo.Accounts;
using Maimai.Silo.Fetching.Internal;
using Maimai.Silo.Grains;
using Maimai.Silo.Songs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maimai.Silo.Fetching;

/// <summary>Registers fetching: the UserRegion grain, the pipeline, the token store, the progress hub, the lease sweeper and the PostgreSQL listener.</summary>
public static class FetchingServiceCollectionExtensions
{
    /// <summary>The Data Protection key ring folder (configuration "DataProtection:KeysPath"); every node must share it.</summary>
    public const string KeysPathKey = "DataProtection:KeysPath";

    public const string DefaultKeysPath = "./data/keys";

    /// <summary>
    /// Adds <see cref="IFetchCoordinator"/> and <see cref="IDxNetTokenStore"/> with everything behind them. Needs
    /// AddStorage and AddScraperPlugins; binds <see cref="FetchOptions"/> to "Fetching".
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
            .Validate(o => !string.IsNullOrWhiteSpace(o.NodeId), "Fetching:NodeId must not be empty.")
            .Validate(o => o.MaxConcurrentFetches > 0, "Fetching:MaxConcurrentFetches must be at least 1.")
            .ValidateOnStart();

        // Tokens stay readable across restarts and nodes only with a persisted, shared key ring and one application name.
        var keys = configuration[KeysPathKey];
        services.AddDataProtection()
            .SetApplicationName("maimai-score-tracker")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(string.IsNullOrWhiteSpace(keys) ? DefaultKeysPath : keys)));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(CurrentVersions.Default);
        services.AddSongCache(configuration);
        services.TryAddSingleton<DxNetTokenProtector>();
        services.TryAddSingleton<DxNetTokenStore>();
        services.TryAddSingleton<IDxNetTokenStore>(sp => sp.GetRequiredService<DxNetTokenStore>());
        services.TryAddSingleton<FetchStore>();
        services.TryAddSingleton<FetchProgressHub>();
        services.TryAddSingleton<FetchCommitter>();
        services.TryAddSingleton<FetchPipeline>();
        services.TryAddSingleton<FetchRunTracker>();
        services.TryAddSingleton<FetchLeaseSweeper>();
        services.TryAddSingleton<PostgresFetchListener>();
        services.TryAddSingleton<FetchCoordinator>();
        services.TryAddSingleton<IFetchCoordinator>(sp => sp.GetRequiredService<FetchCoordinator>());
        services.AddHostedService(sp => sp.GetRequiredService<FetchRunTracker>());
        services.AddHostedService(sp => sp.GetRequiredService<FetchLeaseSweeper>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresFetchListener>());
        services.AddGrains().AddGrain<UserRegionGrain>();
        if (configuration.GetValue<bool>(FetchTestEndpoints.SettingKey))
        {
            services.AddTransient<IStartupFilter, FetchTestEndpoints>();
        }

        return services;
    }
}
