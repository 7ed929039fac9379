using Maimai.Core.Accounts;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Grpc.Health;
using Maimai.Grpc.Reflection;
using Maimai.Grpc.Services.V1;
using Maimai.Grpc.Transport;
using Maimai.Silo.Accounts;
using Maimai.Silo.Snapshots;
using Maimai.Silo.Songs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maimai.Silo.Hosting;

/// <summary>
/// The gRPC API: the transport, health, reflection and the maimai.v1 services, with the Core query seams they
/// call implemented over storage. The fetch seams (IFetchCoordinator, IDxNetTokenStore) come from the fetch part.
/// </summary>
public static class ApiServices
{
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SongQueryOptions>().Bind(configuration.GetSection("Songs"));
        services.AddOptions<SnapshotCacheOptions>().Bind(configuration.GetSection("SnapshotCache"));
        services.AddOptions<GrpcServerOptions>().Bind(configuration.GetSection("Grpc"));

        services.TryAddSingleton<IAccountStore, AccountStore>();
        services.TryAddSingleton<SongLibraryLoader>();
        services.TryAddSingleton<SongQueries>();
        services.TryAddSingleton<ISongQueries>(sp => sp.GetRequiredService<SongQueries>());
        services.TryAddSingleton<SnapshotReader>();
        services.TryAddSingleton<RecentPlayReader>();
        services.TryAddSingleton<SnapshotScoreCache>();
        services.TryAddSingleton<ISnapshotQueries, SnapshotQueries>();

        services.AddGrpcTransport();
        services.AddGrpcHealth();
        services.AddMaimaiApi();
        return services;
    }

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMaimaiApi();
        endpoints.MapGrpcHealth();
        endpoints.MapGrpcReflection();
        return endpoints;
    }
}
