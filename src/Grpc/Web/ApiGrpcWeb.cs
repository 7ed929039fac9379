using Grpc.AspNetCore.Web;
using Maimai.Grpc.Web.Internal;
using Microsoft.AspNetCore.Builder;

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
}
