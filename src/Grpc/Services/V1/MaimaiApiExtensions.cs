using Grpc.AspNetCore.Server;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Interceptors;
using Maimai.Grpc.Services.V1.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Maimai.Grpc.Services.V1;

/// <summary>Registers and maps the maimai.v1 services. The host provides the Core seams they call.</summary>
public static class MaimaiApiExtensions
{
    /// <summary>Every maimai.v1 service of the contract, in proto file order.</summary>
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        AccountReflection.Descriptor.Services[0],
        AdminReflection.Descriptor.Services[0],
        AutoRefreshReflection.Descriptor.Services[0],
        FetchReflection.Descriptor.Services[0],
        InsightsReflection.Descriptor.Services[0],
        PublicProfileReflection.Descriptor.Services[0],
        SnapshotReflection.Descriptor.Services[0],
        SongReflection.Descriptor.Services[0],
    ];

    /// <summary>
    /// Adds Grpc.AspNetCore with the API's interceptors (<see cref="ApiInterceptors.AddApiGrpc"/>), the API token scheme and
    /// policy, and <see cref="ApiExceptionMap"/> for the host's rules. Needs IAccountStore, IAccountDeletion, IDxNetTokenStore,
    /// IFetchCoordinator, ISnapshotQueries, ISongQueries, ISharingStore and CurrentVersions from the host.
    /// </summary>
    public static IGrpcServerBuilder AddMaimaiApi(this IServiceCollection services, Action<GrpcServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddApiTokenAuthentication();
        return services.AddApiGrpc(configure);
    }

    /// <summary>
    /// Maps the services, each rpc requiring <see cref="ApiTokenAuthentication.Policy"/> (AdminService's also
    /// <see cref="ApiTokenAuthentication.AdminPolicy"/>) except PublicProfileService's, which anyone may call. Conventions added to
    /// the returned builder reach the rpcs only, not the UNIMPLEMENTED catch-alls Grpc.AspNetCore maps beside them.
    /// </summary>
    public static IEndpointConventionBuilder MapMaimaiApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = new RpcConventionBuilder(
        [
            endpoints.MapGrpcService<AccountService>(),
            endpoints.MapGrpcService<AutoRefreshService>(),
            endpoints.MapGrpcService<FetchService>(),
            endpoints.MapGrpcService<InsightsService>(),
            endpoints.MapGrpcService<SnapshotService>(),
            endpoints.MapGrpcService<SongService>(),
        ]);
        var admin = endpoints.MapGrpcService<AdminService>();
        api.RequireAuthorization(ApiTokenAuthentication.Policy);

        // Public profiles: the one service anyone may call, signed in or not (public_profile.proto).
        var publicProfiles = endpoints.MapGrpcService<PublicProfileService>();
        new RpcConventionBuilder([publicProfiles]).AllowAnonymous();

        // Admin rpcs: the admin policy on top of the API's, checked here for the whole service, never per method.
        var all = new RpcConventionBuilder([.. api.Services, admin, publicProfiles]);
        new RpcConventionBuilder([admin]).RequireAuthorization(ApiTokenAuthentication.Policy, ApiTokenAuthentication.AdminPolicy);
        return all;
    }
}
