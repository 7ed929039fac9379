using Maimai.Core.Accounts;
using Maimai.Core.Rating;
using Maimai.Core.Snapshots;
using Maimai.Core.Sharing;
using Maimai.Core.Songs;
using Maimai.Grpc.Errors;
using Maimai.Grpc.Interceptors;
using Maimai.Grpc.Services.V1;
using Maimai.Silo.Accounts;
using Maimai.Silo.Sharing;
using Maimai.Silo.Snapshots;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Maimai.Silo.Time;

namespace Maimai.Silo.Hosting;

/// <summary>
/// The maimai.v1 services on Grpc.AspNetCore, with the Core query seams they call implemented over storage. The host
/// adds health, reflection and gRPC-Web; the fetch seams (IFetchCoordinator, IDxNetTokenStore) come from the fetch part.
/// </summary>
public static class ApiServices
{
    /// <summary>
    /// Adds the API. <paramref name="detailedErrors"/> lets Grpc.AspNetCore put exception text in the errors it
    /// raises itself (a service's own failures never carry it, see <see cref="ApiExceptionMap"/>): Development only.
    /// </summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration, bool detailedErrors = false)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddServiceClock();
        services.AddSongCache(configuration);
        services.AddOptions<SnapshotCacheOptions>().Bind(configuration.GetSection("SnapshotCache"));
        services.AddOptions<ApiTokenCacheOptions>().Bind(configuration.GetSection(ApiTokenCacheOptions.SectionName));

        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName));
        services.TryAddSingleton<IAccountDeletion, AccountErasure>();
        services.TryAddSingleton<AccountStore>();
        services.TryAddSingleton<IAccountStore>(sp => new CachedAccountStore(
            sp.GetRequiredService<AccountStore>(), ServiceClock.Get(sp), sp.GetRequiredService<IOptions<ApiTokenCacheOptions>>()));
        services.TryAddSingleton<SongQueries>();
        services.TryAddSingleton<ISongQueries>(sp => sp.GetRequiredService<SongQueries>());
        services.TryAddSingleton<SnapshotScoreCache>();
        services.TryAddSingleton<ISnapshotQueries, SnapshotQueries>();
        services.TryAddSingleton<ISnapshotDiffQueries, SnapshotDiffQueries>();
        services.TryAddSingleton<IHistoryQueries, HistoryQueries>();
        services.TryAddSingleton(CurrentVersions.Default);
        services.TryAddSingleton<ISharingStore, SharingStore>();

        services.AddMaimaiApi(o => o.EnableDetailedErrors = detailedErrors);

        // The database away for a moment is UNAVAILABLE (retry), never a handler crash nor "not found".
        services.Configure<ApiExceptionMap>(map => map.Add(e => StorageFailures.IsTransient(e) ? ApiErrors.StorageUnavailable() : null));
        return services;
    }

    /// <summary>
    /// Maps the maimai.v1 services; conventions on the returned builder (the per-IP rate limit) reach their rpcs
    /// only, not health, reflection or calls to unknown methods.
    /// </summary>
    public static IEndpointConventionBuilder MapApi(this IEndpointRouteBuilder endpoints) => endpoints.MapMaimaiApi();
}
