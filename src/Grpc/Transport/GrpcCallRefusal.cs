using Maimai.Grpc.Transport.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Maimai.Grpc.Transport;

/// <summary>
/// Ends a gRPC call that middleware refused before it reached its handler (a rate limiter, say) the way the
/// transport ends its own failed calls: HTTP 200, Trailers-Only (PROTOCOL-HTTP2.md#responses), so gRPC and
/// gRPC-Web clients see the status, not an HTTP error.
/// </summary>
public static class GrpcCallRefusal
{
    /// <summary>True when the request's content type is gRPC, gRPC-Web or gRPC-Web-text.</summary>
    public static bool IsGrpcCall(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GrpcContentType.Classify(request.ContentType) != GrpcRequestKind.Unsupported;
    }

    /// <summary>
    /// Writes <paramref name="refusal"/>'s status, message and trailers (grpc-status-details-bin included) as the
    /// only HEADERS of the response, with the request's own content type and, for gRPC-Web from an allowed origin,
    /// the CORS headers. Returns false and writes nothing when the request is not a gRPC call or the response started.
    /// </summary>
    public static bool TryWrite(HttpContext http, RpcException refusal)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(refusal);
        var kind = GrpcContentType.Classify(http.Request.ContentType);
        if (kind == GrpcRequestKind.Unsupported || http.Response.HasStarted)
        {
            return false;
        }

        var response = http.Response;
        GrpcContentType.WriteResponseHeaders(response, kind);
        if (kind != GrpcRequestKind.Grpc && http.RequestServices?.GetService<IOptions<GrpcServerOptions>>() is { } options)
        {
            // A browser reads grpc-status only when CORS exposes it to the calling origin.
            new GrpcWebCors(options.Value.Web).ApplyToCall(http);
        }

        var status = refusal.Status;
        var headers = response.Headers;
        headers[GrpcProtocolConstants.StatusTrailer] = ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            headers[GrpcProtocolConstants.MessageTrailer] = PercentEncoding.Encode(status.Detail);
        }

        MetadataCodec.WriteHeaders(headers, refusal.Trailers);
        return true;
    }
}
