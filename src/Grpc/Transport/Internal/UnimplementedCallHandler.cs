using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>Answers gRPC calls to services or methods nobody mapped with UNIMPLEMENTED, Trailers-Only.</summary>
internal sealed class UnimplementedCallHandler(GrpcServiceRegistry registry, GrpcWebCors cors, ILogger logger)
{
    public Task HandleAsync(HttpContext http)
    {
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            cors.HandlePreflight(http);
            return Task.CompletedTask;
        }

        var kind = GrpcContentType.Classify(http.Request.ContentType);
        var service = http.Request.RouteValues["service"] as string ?? "";
        var status = registry.Contains(service) ? GrpcProtocolConstants.UnimplementedMethod : GrpcProtocolConstants.UnimplementedService;
        GrpcLog.Unimplemented(logger, http.Request.Path.Value ?? "", status.Detail);
        if (kind != GrpcRequestKind.Grpc)
        {
            cors.ApplyToCall(http);
        }

        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.ContentType = kind switch
        {
            GrpcRequestKind.GrpcWeb => GrpcProtocolConstants.GrpcWebContentTypeValue,
            GrpcRequestKind.GrpcWebText => GrpcProtocolConstants.GrpcWebTextContentTypeValue,
            _ => GrpcProtocolConstants.GrpcContentTypeValue,
        };
        response.Headers[GrpcProtocolConstants.StatusTrailer] = GrpcProtocolConstants.StatusValues[(int)status.StatusCode];
        response.Headers[GrpcProtocolConstants.MessageTrailer] = status.Detail;
        return Task.CompletedTask;
    }
}

/// <summary>Matches only requests whose content type is a gRPC one, so the catch-all never steals site routes.</summary>
internal sealed class GrpcContentTypeConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        httpContext is null || GrpcContentType.Classify(httpContext.Request.ContentType) != GrpcRequestKind.Unsupported ||
        (HttpMethods.IsOptions(httpContext.Request.Method) && httpContext.Request.Headers.ContainsKey("Access-Control-Request-Method"));
}
