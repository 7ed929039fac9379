using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.AspNetCore.Web;
using Maimai.Interop.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Maimai.Interop.Server;

/// <summary>
/// The benchmark's baselines: plain Kestrel writing the same bytes a successful call sends, with none of
/// Grpc.AspNetCore in between. Native gRPC: content type, one empty message frame, grpc-status 0 in the trailers.
/// gRPC-Web: content type, the same frame, then the trailers frame (PROTOCOL-WEB.md) in the body. Server
/// streaming: StreamingOutputCall's responses built and serialised as the service builds them, each flushed on its
/// own as IServerStreamWriter.WriteAsync does, or all at the end under the bench's buffer-hint header.
/// </summary>
public static class RawEndpoint
{
    /// <summary>The path h2load calls for the native gRPC baseline.</summary>
    public const string Path = "/raw.TestService/EmptyCall";

    /// <summary>The path h2load calls for the gRPC-Web baseline (HTTP/1.1).</summary>
    public const string WebPath = "/raw.TestService/EmptyCallWeb";

    /// <summary>The path h2load calls for the server-streaming baseline.</summary>
    public const string StreamPath = "/raw.TestService/StreamingOutputCall";

    // A length-prefixed message: flag 0 (uncompressed), length 0, no body (an encoded grpc.testing.Empty).
    private static readonly byte[] EmptyMessageFrame = new byte[5];

    // The same frame, then flag 0x80 (trailers), length 16, "grpc-status: 0\r\n": what Grpc.AspNetCore.Web sends.
    private static readonly byte[] WebResponse = [.. EmptyMessageFrame, 0x80, 0, 0, 0, 16, .. "grpc-status: 0\r\n"u8];

    public static void MapRawEmptyCall(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, HandleAsync);
        endpoints.MapPost(StreamPath, HandleStreamAsync);
        // Not rewritten by UseGrpcWeb: this endpoint writes gRPC-Web itself.
        endpoints.MapPost(WebPath, HandleWebAsync).DisableGrpcWeb();
    }

    private static async Task HandleAsync(HttpContext context)
    {
        await ReadRequestAsync(context);
        var response = context.Response;
        response.ContentType = "application/grpc";
        response.AppendTrailer("grpc-status", "0");
        await response.BodyWriter.WriteAsync(EmptyMessageFrame, context.RequestAborted);
    }

    private static async Task HandleWebAsync(HttpContext context)
    {
        await ReadRequestAsync(context);
        context.Response.ContentType = "application/grpc-web";
        await context.Response.BodyWriter.WriteAsync(WebResponse, context.RequestAborted);
    }

    private static async Task HandleStreamAsync(HttpContext context)
    {
        var request = await ReadStreamRequestAsync(context);
        var buffered = context.Request.Headers.ContainsKey(InteropTestService.BufferHintHeader);
        var response = context.Response;
        response.ContentType = "application/grpc";
        response.AppendTrailer("grpc-status", "0");
        var writer = response.BodyWriter;
        foreach (var parameters in request.ResponseParameters)
        {
            var message = new StreamingOutputCallResponse { Payload = InteropTestService.Zeros(parameters.Size) };
            var size = message.CalculateSize();
            var frame = writer.GetSpan(5 + size);
            frame[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(frame[1..], (uint)size);
            message.WriteTo(frame.Slice(5, size));
            writer.Advance(5 + size);
            if (!buffered)
            {
                await writer.FlushAsync(context.RequestAborted);
            }
        }
    }

    // The bench's request is one uncompressed message: parse it once the body has ended.
    private static async Task<StreamingOutputCallRequest> ReadStreamRequestAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            if (read.IsCompleted)
            {
                var request = StreamingOutputCallRequest.Parser.ParseFrom(read.Buffer.Slice(5));
                reader.AdvanceTo(read.Buffer.End);
                return request;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    // Read the request like a real call would, so both sides do the same I/O.
    private static async Task ReadRequestAsync(HttpContext context)
    {
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
    }
}
