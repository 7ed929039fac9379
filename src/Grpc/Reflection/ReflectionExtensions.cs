using Maimai.Grpc.Transport;
using Maimai.Grpc.Transport.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace Maimai.Grpc.Reflection;

/// <summary>Maps server reflection, v1 and v1alpha.</summary>
public static class ReflectionExtensions
{
    /// <summary>Maps grpc.reflection.v1 and v1alpha; they describe every service mapped on this server.</summary>
    public static IEndpointConventionBuilder MapGrpcReflection(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var registry = endpoints.ServiceProvider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddGrpcTransport() before MapGrpcReflection().");
        var v1 = new ServerReflectionHandler(registry);
        var v1Alpha = new ServerReflectionV1AlphaHandler(v1);
        var first = endpoints.MapGrpcService(V1.ReflectionReflection.Descriptor.Services[0], v1);
        var second = endpoints.MapGrpcService(V1Alpha.ReflectionReflection.Descriptor.Services[0], v1Alpha);
        return new PairConventionBuilder(first, second);
    }

    private sealed class PairConventionBuilder(IEndpointConventionBuilder first, IEndpointConventionBuilder second) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            first.Add(convention);
            second.Add(convention);
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            first.Finally(finallyConvention);
            second.Finally(finallyConvention);
        }
    }
}
