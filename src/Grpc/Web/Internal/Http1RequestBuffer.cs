using Grpc.AspNetCore.Server;
using Grpc.Core;
using Maimai.Grpc.Refusals;
using Maimai.Grpc.Refusals.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Maimai.Grpc.Web.Internal;

/// <summary>
/// Reads a gRPC-Web request sent over HTTP/1.x into memory before the call runs. Kestrel cannot drain an HTTP/1.1
/// request body whose read a call abandoned (a passed deadline, a frame it refused): it logs
/// RequestBodyDrainBodyReaderInvalidState at Error and closes the connection (dotnet/aspnetcore#17840). Read whole
/// first, the body is never mid-read when the call ends. Browsers cannot stream a request, so a gRPC-Web request is
/// one message anyway; one larger than the configured limit is refused as Grpc.AspNetCore refuses it, unread.
/// </summary>
internal sealed class Http1RequestBuffer(RequestDelegate next, IOptions<GrpcServiceOptions> options)
{
    private const int FrameHeader = 5;
    private const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024; // Grpc.AspNetCore's own default

    private static readonly Status TooLarge = new(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size.");

    public async Task InvokeAsync(HttpContext context)
    {
        var kind = GrpcContentType.Classify(context.Request.ContentType);
        if (kind is not (GrpcCallKind.GrpcWeb or GrpcCallKind.GrpcWebText) || !(HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
        {
            await next(context);
            return;
        }

        // A frame of the largest message, base64 for grpc-web-text (4 characters per 3 bytes).
        long limit = FrameHeader + (options.Value.MaxReceiveMessageSize ?? DefaultMaxReceiveMessageSize);
        if (kind == GrpcCallKind.GrpcWebText)
        {
            limit = ((limit + 2) / 3) * 4;
        }

        if (context.Request.ContentLength > limit || await ReadAsync(context, limit) is not { } body)
        {
            GrpcCallRefusal.TryWrite(context, new RpcException(TooLarge));
            return;
        }

        context.Request.Body = body;
        await next(context);
    }

    /// <summary>The whole body, or null past <paramref name="limit"/> bytes.</summary>
    private static async Task<MemoryStream?> ReadAsync(HttpContext context, long limit)
    {
        var body = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 256, limit));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (body.Length + read > limit)
            {
                return null;
            }

            body.Write(chunk, 0, read);
        }

        body.Position = 0;
        return body;
    }
}
