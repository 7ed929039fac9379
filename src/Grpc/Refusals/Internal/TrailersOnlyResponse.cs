using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Maimai.Grpc.Refusals.Internal;

/// <summary>
/// A response that is one HEADERS frame: HTTP 200, the content type, grpc-status, grpc-message and the trailers
/// (PROTOCOL-HTTP2.md#responses, Trailers-Only; PROTOCOL-WEB.md allows the same for gRPC-Web).
/// </summary>
internal static class TrailersOnlyResponse
{
    public static void Write(HttpResponse response, GrpcCallKind kind, Status status, Metadata trailers)
    {
        response.StatusCode = StatusCodes.Status200OK;
        var headers = response.Headers;
        headers.ContentType = kind switch
        {
            GrpcCallKind.GrpcWeb => GrpcContentType.GrpcWeb,
            GrpcCallKind.GrpcWebText => GrpcContentType.GrpcWebText,
            _ => GrpcContentType.Grpc,
        };
        headers["grpc-status"] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            headers["grpc-message"] = PercentEncoding.Encode(status.Detail);
        }

        foreach (var entry in trailers)
        {
            // Binary values travel as base64, unpadded as PROTOCOL-HTTP2.md recommends ("-bin" keys).
            headers.Append(entry.Key, entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value);
        }
    }
}
