using System.Text;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;

namespace Maimai.Grpc.Tests.Protocol;

/// <summary>gRPC-Web (Grpc.AspNetCore.Web) over HTTP/1.1 and HTTP/2: binary and text modes, trailers frame, Trailers-Only and CORS.</summary>
[Collection(SharedServerGroup.Name)]
public sealed class GrpcWebTests(SharedServerFixture fixture)
{
    private GrpcTestServer Server => fixture.Server;

    [Theory]
    [InlineData("application/grpc-web")]
    [InlineData("application/grpc-web+proto")]
    public async Task Binary_unary_ends_with_a_trailers_frame(string contentType)
    {
        var response = await GrpcWire.PostAsync(Server.Http1, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "web" }), contentType,
            [new("x-grpc-web", "1"), new("x-echo-tag", "t1")]);

        Assert.Equal(200, response.HttpStatus);
        Assert.Equal(new Version(1, 1), response.Version);
        Assert.Equal("application/grpc-web", response.Headers["content-type"]);
        var frames = response.Frames;
        Assert.Equal(2, frames.Count);
        Assert.Equal(0, frames[0].Flag);
        Assert.Equal("web", EchoReply.Parser.ParseFrom(frames[0].Payload).Message);
        Assert.Equal(0x80, frames[1].Flag);
        // The trailers' order is not specified (PROTOCOL-WEB.md); both lines are there.
        Assert.Equal(["grpc-status: 0", "x-echo-tag: t1"], Encoding.ASCII.GetString(frames[1].Payload).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task Binary_web_works_over_http2_too()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/ServerStream",
            GrpcWire.Frame(new EchoRequest { Message = "w", Count = 2 }), "application/grpc-web");

        var frames = response.Frames;
        Assert.Equal([0, 0, 0x80], frames.Select(f => (int)f.Flag));
        Assert.Equal("grpc-status: 0\r\n", Encoding.ASCII.GetString(frames[2].Payload));
        Assert.Empty(response.Trailers);
    }

    [Fact]
    public async Task Error_before_any_message_is_trailers_only_in_headers()
    {
        var response = await GrpcWire.PostAsync(Server.Http1, "/maimai.test.v1.EchoService/Fail",
            GrpcWire.Frame(new FailRequest { Code = 5, Message = "no such chart" }), "application/grpc-web");

        GrpcAssert.TrailersOnlyError(response, 5, "no such chart");
        Assert.Equal("test", response.Headers["x-reason"]);
    }

    [Fact]
    public async Task Text_mode_decodes_base64_and_pads_every_response_segment()
    {
        var frame = GrpcWire.Frame(new EchoRequest { Message = "txt", Count = 2 });
        var body = Convert.ToBase64String(frame);
        var response = await GrpcWire.PostAsync(Server.Http1, "/maimai.test.v1.EchoService/ServerStream", Encoding.ASCII.GetBytes(body),
            "application/grpc-web-text", [new("accept", "application/grpc-web-text")]);

        Assert.Equal("application/grpc-web-text", response.Headers["content-type"]);
        // Each flushed message is its own padded segment.
        var first = Convert.ToBase64String(GrpcWire.Frame(new EchoReply { Message = "txt", Index = 0 }));
        var second = Convert.ToBase64String(GrpcWire.Frame(new EchoReply { Message = "txt", Index = 1 }));
        Assert.EndsWith("=", first, StringComparison.Ordinal);
        Assert.StartsWith(first + second, response.BodyText, StringComparison.Ordinal);
        var decoded = DecodeSegments(response.BodyText);
        var frames = GrpcWire.ReadFrames(decoded);
        Assert.Equal(["txt", "txt"], frames.Take(2).Select(f => EchoReply.Parser.ParseFrom(f.Payload).Message));
        Assert.Equal(0x80, frames[2].Flag);
        Assert.Equal("grpc-status: 0\r\n", Encoding.ASCII.GetString(frames[2].Payload));
    }

    [Fact]
    public async Task Text_mode_rejects_invalid_base64()
    {
        var response = await GrpcWire.PostAsync(Server.Http1, GrpcAssert.Unary, Encoding.ASCII.GetBytes("!!!!"), "application/grpc-web-text");

        // Grpc.AspNetCore reads a unary request before the interceptors run: its failure is its own UNKNOWN.
        GrpcAssert.TrailersOnlyError(response, 2, "Exception was thrown by handler.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Cross_origin_call_exposes_the_status_headers()
    {
        var response = await GrpcWire.PostAsync(Server.Http1, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "c" }), "application/grpc-web",
            [new("Origin", GrpcTestServer.AllowedOrigin)]);

        Assert.Equal(GrpcTestServer.AllowedOrigin, response.Headers["Access-Control-Allow-Origin"]);
        var exposed = response.Headers["Access-Control-Expose-Headers"];
        Assert.Contains("grpc-status", exposed, StringComparison.Ordinal);
        Assert.Contains("grpc-message", exposed, StringComparison.Ordinal);
        Assert.Contains("grpc-status-details-bin", exposed, StringComparison.Ordinal);
    }

    private static byte[] DecodeSegments(string text)
    {
        var bytes = new List<byte>();
        var start = 0;
        while (start < text.Length)
        {
            var padding = text.IndexOf('=', start);
            var end = padding < 0 ? text.Length : Math.Min(text.Length, start + (((padding - start) / 4) + 1) * 4);
            bytes.AddRange(Convert.FromBase64String(text[start..end]));
            start = end;
        }

        return [.. bytes];
    }
}
