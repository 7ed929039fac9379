using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Maimai.Interop.Server;

/// <summary>
/// The benchmark's baseline: plain Kestrel writing the same bytes a successful EmptyCall sends (content type, one
/// empty message frame, grpc-status 0 in the trailers), with none of Grpc.AspNetCore in between.
/// </summary>
public static class RawEndpoint
{
    /// <summary>The path h2load calls for the baseline.</summary>
    public const string Path = "/raw.TestService/EmptyCall";

    // A length-prefixed message: flag 0 (uncompressed), length 0, no body (an encoded grpc.testing.Empty).
    private static readonly byte[] EmptyMessageFrame = new byte[5];

    public static void MapRawEmptyCall(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync);

    private static async Task HandleAsync(HttpContext context)
    {
        // Read the request like a real call would, so both sides do the same I/O.
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        var response = context.Response;
        response.ContentType = "application/grpc";
        response.AppendTrailer("grpc-status", "0");
        await response.BodyWriter.WriteAsync(EmptyMessageFrame, context.RequestAborted);
    }
}
