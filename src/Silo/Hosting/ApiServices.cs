using Maimai.Core.Accounts;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Grpc.Services.V1;
using Maimai.Grpc.Transport;
using Maimai.Silo.Accounts;
using Maimai.Silo.Snapshots;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Maimai.Silo.Time;

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
        services.AddServiceClock();
        services.AddSongCache(configuration);
        services.AddOptions<SnapshotCacheOptions>().Bind(configuration.GetSection("SnapshotCache"));
        services.AddOptions<ApiTokenCacheOptions>().Bind(configuration.GetSection(ApiTokenCacheOptions.SectionName));

        services.TryAddSingleton<AccountStore>();
        services.TryAddSingleton<IAccountStore>(sp => new CachedAccountStore(
            sp.GetRequiredService<AccountStore>(), ServiceClock.Get(sp), sp.GetRequiredService<IOptions<ApiTokenCacheOptions>>()));
        services.TryAddSingleton<SongQueries>();
        services.TryAddSingleton<ISongQueries>(sp => sp.GetRequiredService<SongQueries>());
        services.TryAddSingleton<SnapshotScoreCache>();
        services.TryAddSingleton<ISnapshotQueries, SnapshotQueries>();

        services.AddMaimaiApi();

        // The database away for a moment is UNAVAILABLE (retry), never a handler crash nor "not found".
        services.Configure<GrpcServerOptions>(o => o.MapException = e => StorageFailures.IsTransient(e) ? ApiErrors.StorageUnavailable() : null);
        return services;
    }

    /// <summary>
    /// Maps the maimai.v1 services in a group without a prefix, so conventions on the returned builder (the per-IP
    /// rate limit) reach the API's endpoints only, not health or reflection.
    /// </summary>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("");
        api.MapMaimaiApi();
        return api;
    }
}
