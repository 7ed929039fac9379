using Grpc.Core;
using Maimai.Grpc.Refusals.Internal;
using Microsoft.AspNetCore.Http;

namespace Maimai.Grpc.Refusals;

/// <summary>
/// Ends a gRPC call that middleware refused before it reached its service (the rate limiter, the authentication
/// challenge) the way Grpc.AspNetCore ends a failed call: HTTP 200, Trailers-Only (PROTOCOL-HTTP2.md#responses), so
/// gRPC and gRPC-Web clients see the status and its google.rpc.Status details, not an HTTP error. Must run before
/// UseGrpcWeb, which would otherwise rewrite the request as native gRPC.
/// </summary>
public static class GrpcCallRefusal
{
    /// <summary>True when the request's content type is gRPC, gRPC-Web or gRPC-Web-text.</summary>
    public static bool IsGrpcCall(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GrpcContentType.Classify(request.ContentType) != GrpcCallKind.NotGrpc;
    }

    /// <summary>
    /// Writes <paramref name="refusal"/>'s status, message and trailers (grpc-status-details-bin included) as the
    /// only HEADERS of the response, in the request's own content type. Returns false and writes nothing when the
    /// request is not a gRPC call or the response has started. CORS headers, when configured, come from UseCors.
    /// </summary>
    public static bool TryWrite(HttpContext http, RpcException refusal)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(refusal);
        var kind = GrpcContentType.Classify(http.Request.ContentType);
        if (kind == GrpcCallKind.NotGrpc || http.Response.HasStarted)
        {
            return false;
        }

        TrailersOnlyResponse.Write(http.Response, kind, refusal.Status, refusal.Trailers);
        return true;
    }
}
