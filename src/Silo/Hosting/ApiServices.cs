using Maimai.Core.Accounts;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Grpc.Services.V1;
using Maimai.Silo.Accounts;
using Maimai.Silo.Snapshots;
using Maimai.Silo.Songs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Hosting;

/// <summary>
/// The maimai.v1 services, with the Core query seams they call implemented over storage. The host adds the
/// transport, health and reflection; the fetch seams (IFetchCoordinator, IDxNetTokenStore) come from the fetch part.
/// </summary>
public static class ApiServices
{
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SongQueryOptions>().Bind(configuration.GetSection("Songs"));
        services.AddOptions<SnapshotCacheOptions>().Bind(configuration.GetSection("SnapshotCache"));
        services.AddOptions<ApiTokenCacheOptions>().Bind(configuration.GetSection(ApiTokenCacheOptions.SectionName));

        services.TryAddSingleton<AccountStore>();
        services.TryAddSingleton<IAccountStore>(sp => new CachedAccountStore(
            sp.GetRequiredService<AccountStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<ApiTokenCacheOptions>>()));
        services.TryAddSingleton<SongLibraryLoader>();
        services.TryAddSingleton<SongQueries>();
        services.TryAddSingleton<ISongQueries>(sp => sp.GetRequiredService<SongQueries>());
        services.TryAddSingleton<SnapshotReader>();
        services.TryAddSingleton<RecentPlayReader>();
        services.TryAddSingleton<SnapshotScoreCache>();
        services.TryAddSingleton<ISnapshotQueries, SnapshotQueries>();

        services.AddMaimaiApi();
        return services;
    }

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMaimaiApi();
        return endpoints;
    }
}
