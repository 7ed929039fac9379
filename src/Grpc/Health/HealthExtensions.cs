using Grpc.Health.V1;
using Maimai.Grpc.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Maimai.Grpc.Health;

/// <summary>Registers and maps grpc.health.v1.Health.</summary>
public static class HealthExtensions
{
    /// <summary>Adds the <see cref="HealthStatusBoard"/> singleton and the handler.</summary>
    public static IServiceCollection AddGrpcHealth(this IServiceCollection services)
    {
        services.TryAddSingleton<HealthStatusBoard>();
        services.TryAddSingleton<HealthHandler>();
        return services;
    }

    /// <summary>Maps the health service; every status turns NOT_SERVING when the application stops.</summary>
    public static IEndpointConventionBuilder MapGrpcHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var board = endpoints.ServiceProvider.GetService<HealthStatusBoard>()
            ?? throw new InvalidOperationException("Call services.AddGrpcHealth() before MapGrpcHealth().");
        endpoints.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping
            .Register(() => board.SetAll(ServingStatus.NotServing));
        return endpoints.MapGrpcService<HealthHandler>(HealthReflection.Descriptor.Services[0]);
    }
}
