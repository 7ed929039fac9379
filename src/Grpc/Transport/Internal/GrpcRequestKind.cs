namespace Maimai.Grpc.Transport.Internal;

/// <summary>Which wire protocol a request speaks, decided by its content-type.</summary>
internal enum GrpcRequestKind
{
    Unsupported,
    Grpc,
    GrpcWeb,
    GrpcWebText,
}

/// <summary>Classifies content types (PROTOCOL-HTTP2.md: "application/grpc" [("+proto" / "+json" / {custom})]).</summary>
internal static class GrpcContentType
{
    /// <summary>Status 200, the content type answering <paramref name="kind"/>, and the encodings accepted: on every gRPC response.</summary>
    public static void WriteResponseHeaders(Microsoft.AspNetCore.Http.HttpResponse response, GrpcRequestKind kind)
    {
        response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status200OK;
        var headers = response.Headers;
        headers.ContentType = kind switch
        {
            GrpcRequestKind.GrpcWeb => GrpcProtocolConstants.GrpcWebContentTypeValue,
            GrpcRequestKind.GrpcWebText => GrpcProtocolConstants.GrpcWebTextContentTypeValue,
            _ => GrpcProtocolConstants.GrpcContentTypeValue,
        };
        headers[GrpcProtocolConstants.AcceptEncodingHeader] = GrpcProtocolConstants.AcceptEncodingValue;
    }

    public static GrpcRequestKind Classify(string? contentType)
    {
        if (contentType is null)
        {
            return GrpcRequestKind.Unsupported;
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        if (semicolon >= 0)
        {
            span = span[..semicolon];
        }

        span = span.Trim();
        // Only the protobuf codec is served: no subtype, or "+proto".
        if (Matches(span, GrpcProtocolConstants.GrpcContentType))
        {
            return GrpcRequestKind.Grpc;
        }

        if (Matches(span, GrpcProtocolConstants.GrpcWebTextContentType))
        {
            return GrpcRequestKind.GrpcWebText;
        }

        return Matches(span, GrpcProtocolConstants.GrpcWebContentType) ? GrpcRequestKind.GrpcWeb : GrpcRequestKind.Unsupported;
    }

    /// <summary>True when the content type starts with application/grpc (any subtype), used to spot gRPC calls.</summary>
    public static bool IsGrpcLike(string? contentType) =>
        contentType is not null && contentType.StartsWith(GrpcProtocolConstants.GrpcContentType, StringComparison.OrdinalIgnoreCase);

    private static bool Matches(ReadOnlySpan<char> value, string type) =>
        value.Equals(type, StringComparison.OrdinalIgnoreCase) ||
        (value.Length == type.Length + 6 && value.StartsWith(type, StringComparison.OrdinalIgnoreCase) &&
         value[type.Length..].Equals("+proto", StringComparison.OrdinalIgnoreCase));
}
