using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Maimai.Grpc.Services.V1;

/// <summary>Registers and maps the maimai.v1 services. The host provides the Core seams they call.</summary>
public static class MaimaiApiExtensions
{
    /// <summary>Every maimai.v1 service of the contract, in proto file order.</summary>
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        AccountReflection.Descriptor.Services[0],
        FetchReflection.Descriptor.Services[0],
        SnapshotReflection.Descriptor.Services[0],
        SongReflection.Descriptor.Services[0],
    ];

    /// <summary>
    /// Adds the handlers (created per call). Needs IAccountStore, IDxNetTokenStore, IFetchCoordinator,
    /// ISnapshotQueries and ISongQueries from the host, and <c>AddGrpcTransport</c>.
    /// </summary>
    public static IServiceCollection AddMaimaiApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ApiAuthentication>();
        return services;
    }

    public static IEndpointRouteBuilder MapMaimaiApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<AccountService>(Services[0]);
        endpoints.MapGrpcService<FetchService>(Services[1]);
        endpoints.MapGrpcService<SnapshotService>(Services[2]);
        endpoints.MapGrpcService<SongService>(Services[3]);
        return endpoints;
    }
}
