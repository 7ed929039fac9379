using Microsoft.AspNetCore.Http;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>Answers requests that are not gRPC calls we can serve with a plain HTTP status (415, 426).</summary>
internal static class ProtocolRejection
{
    public static void Write(HttpContext http, int httpStatus, string message)
    {
        var response = http.Response;
        response.StatusCode = httpStatus;
        // grpc-status INTERNAL too, so gRPC clients show a readable reason (PROTOCOL-HTTP2.md: 415 for a bad content type).
        response.Headers[GrpcProtocolConstants.StatusTrailer] = GrpcProtocolConstants.StatusValues[(int)StatusCode.Internal];
        response.Headers[GrpcProtocolConstants.MessageTrailer] = PercentEncoding.Encode(message);
    }
}
