using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Maimai.Grpc.Transport.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Maimai.Grpc.Transport;

/// <summary>Maps gRPC services onto endpoint routing: one POST endpoint per rpc at "/package.Service/Method".</summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Binds every rpc of <paramref name="service"/> to the method of <typeparamref name="THandler"/> with the same
    /// name (or name + "Async") and maps it. Throws at start-up if a method is missing or has the wrong types.
    /// The handler comes from the container when registered there, otherwise it is created per call.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcService<THandler>(this IEndpointRouteBuilder endpoints, ServiceDescriptor service)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return Map(endpoints, service, new HandlerActivator<THandler>(endpoints.ServiceProvider));
    }

    /// <summary>As <see cref="MapGrpcService{THandler}(IEndpointRouteBuilder, ServiceDescriptor)"/>, with one handler instance for every call.</summary>
    public static IEndpointConventionBuilder MapGrpcService<THandler>(this IEndpointRouteBuilder endpoints, ServiceDescriptor service, THandler handler)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        return Map(endpoints, service, new HandlerActivator<THandler>(handler));
    }

    private static CompositeEndpointConventionBuilder Map<THandler>(IEndpointRouteBuilder endpoints, ServiceDescriptor service, HandlerActivator<THandler> activator)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(service);
        var services = endpoints.ServiceProvider;
        var registry = services.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddGrpcTransport() before mapping gRPC services.");
        var options = services.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var methodOptions = MethodOptions.From(options);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(GrpcTransportLog.Category);
        var metrics = services.GetRequiredService<GrpcMetrics>();
        var tracker = services.GetRequiredService<CallTracker>();
        var cors = new GrpcWebCors(options.Web);

        var handlers = ServiceBinder.Bind(service, activator,
            rpc => new ServerMethod(rpc, methodOptions, logger, metrics, tracker, cors));
        registry.Add(service);

        var builders = new List<IEndpointConventionBuilder>(handlers.Count);
        foreach (var handler in handlers)
        {
            builders.Add(endpoints.Map(handler.FullName, handler.HandleCallAsync)
                .WithMetadata(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true))
                .WithDisplayName("gRPC " + handler.FullName));
        }

        if (!registry.UnimplementedMapped)
        {
            registry.UnimplementedMapped = true;
            MapUnimplemented(endpoints, new UnimplementedCallHandler(registry, cors, logger));
        }

        return new CompositeEndpointConventionBuilder(builders);
    }

    // Calls to unknown services or methods: a low-priority catch-all that only matches gRPC content types.
    private static void MapUnimplemented(IEndpointRouteBuilder endpoints, UnimplementedCallHandler handler)
    {
        var pattern = RoutePatternFactory.Parse("{service}/{method}", defaults: null,
            parameterPolicies: new RouteValueDictionary { ["service"] = new GrpcContentTypeConstraint() });
        endpoints.Map(pattern, handler.HandleAsync)
            .WithMetadata(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true))
            .WithDisplayName("gRPC unimplemented")
            .Add(b => ((RouteEndpointBuilder)b).Order = int.MaxValue);
    }

    private sealed class CompositeEndpointConventionBuilder(List<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
