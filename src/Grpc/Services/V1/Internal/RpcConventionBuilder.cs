using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;

namespace Maimai.Grpc.Services.V1.Internal;

/// <summary>
/// Applies conventions to the rpc endpoints of some mapped services only: Grpc.AspNetCore adds its UNIMPLEMENTED
/// catch-alls (unknown method, unknown service) to the same builders, and those are not the API's calls. Every
/// convention runs as a Finally one, once the endpoint carries its <see cref="GrpcMethodMetadata"/>.
/// </summary>
internal sealed class RpcConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> services) : IEndpointConventionBuilder
{
    public IReadOnlyList<IEndpointConventionBuilder> Services => services;

    public void Add(Action<EndpointBuilder> convention) => Finally(convention);

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var service in services)
        {
            service.Finally(endpoint =>
            {
                if (endpoint.Metadata.Any(m => m is GrpcMethodMetadata))
                {
                    finallyConvention(endpoint);
                }
            });
        }
    }
}
