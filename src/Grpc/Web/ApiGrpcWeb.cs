using Grpc.AspNetCore.Web;
using Maimai.Grpc.Web.Internal;
using Maimai.Grpc.Refusals.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Maimai.Grpc.Web;

/// <summary>gRPC-Web (binary and text) as every host of the API serves it.</summary>
public static class ApiGrpcWeb
{
    /// <summary>
    /// Reads each gRPC-Web request that arrives over HTTP/1.x whole (<see cref="Http1RequestBuffer"/>), then lets
    /// Grpc.AspNetCore.Web translate it for every service. Call after the middleware that refuses calls.
    /// </summary>
    public static IApplicationBuilder UseApiGrpcWeb(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<Http1RequestBuffer>();
        return app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
    }

    /// <summary>
    /// True when the request is gRPC-Web or gRPC-Web-text by its content type (as Grpc.AspNetCore.Web accepts it: an
    /// optional "+codec" suffix and parameters); native gRPC and everything else is false.
    /// </summary>
    public static bool IsGrpcWebRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GrpcContentType.Classify(request.ContentType) is GrpcCallKind.GrpcWeb or GrpcCallKind.GrpcWebText;
    }
}
