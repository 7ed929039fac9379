using Maimai.Grpc.Transport.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maimai.Grpc.Transport;

/// <summary>Registers the gRPC transport's services.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>Adds the transport; call once, then map handlers with <c>MapGrpcService</c>.</summary>
    public static IServiceCollection AddGrpcTransport(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddMetrics();
        services.AddRouting();
        services.TryAddSingleton<GrpcMetrics>();
        services.TryAddSingleton<CallTracker>();
        services.TryAddSingleton<GrpcServiceRegistry>();
        return services;
    }
}
