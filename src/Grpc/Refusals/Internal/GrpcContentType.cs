namespace Maimai.Grpc.Refusals.Internal;

/// <summary>Which wire protocol a request speaks, decided by its content type.</summary>
internal enum GrpcCallKind
{
    NotGrpc,
    Grpc,
    GrpcWeb,
    GrpcWebText,
}

/// <summary>
/// Classifies content types as Grpc.AspNetCore and Grpc.AspNetCore.Web accept them: "application/grpc",
/// "application/grpc-web" and "application/grpc-web-text", each with an optional "+codec" suffix and parameters.
/// </summary>
internal static class GrpcContentType
{
    public const string Grpc = "application/grpc";
    public const string GrpcWeb = "application/grpc-web";
    public const string GrpcWebText = "application/grpc-web-text";

    public static GrpcCallKind Classify(string? contentType)
    {
        if (contentType is null)
        {
            return GrpcCallKind.NotGrpc;
        }

        var span = contentType.AsSpan();
        var end = span.IndexOfAny(';', '+');
        span = (end >= 0 ? span[..end] : span).Trim();
        if (span.Equals(Grpc, StringComparison.OrdinalIgnoreCase))
        {
            return GrpcCallKind.Grpc;
        }

        if (span.Equals(GrpcWebText, StringComparison.OrdinalIgnoreCase))
        {
            return GrpcCallKind.GrpcWebText;
        }

        return span.Equals(GrpcWeb, StringComparison.OrdinalIgnoreCase) ? GrpcCallKind.GrpcWeb : GrpcCallKind.NotGrpc;
    }
}
