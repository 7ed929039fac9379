using System.Text;
using Google.Protobuf;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>gzip both ways (doc/compression.md).</summary>
[Collection(SharedServerGroup.Name)]
public sealed class CompressionTests(SharedServerFixture fixture)
{
    private GrpcTestServer Server => fixture.Server;

    [Fact]
    public async Task Gzip_request_is_decompressed()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "zipped" }, compress: true),
            headers: [new("grpc-encoding", "gzip")]);

        Assert.Equal("0", response.Status);
        Assert.Equal("zipped", EchoReply.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Message);
    }

    [Fact]
    public async Task Uncompressed_message_is_fine_under_grpc_encoding_gzip()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "plain" }),
            headers: [new("grpc-encoding", "gzip")]);

        Assert.Equal("0", response.Status);
    }

    [Fact]
    public async Task Response_is_gzipped_when_the_handler_asks_and_the_client_accepts()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "squeeze", CompressResponse = true }),
            headers: [new("grpc-accept-encoding", "identity, gzip")]);

        Assert.Equal("gzip", response.Headers["grpc-encoding"]);
        var frame = Assert.Single(response.Frames);
        Assert.Equal(1, frame.Flag);
        Assert.Equal("squeeze", EchoReply.Parser.ParseFrom(GrpcWire.Gunzip(frame.Payload)).Message);
        Assert.Equal("0", response.Trailers["grpc-status"]);
    }

    [Fact]
    public async Task Response_is_not_compressed_when_the_client_does_not_accept_gzip()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "plain", CompressResponse = true }));

        Assert.False(response.Headers.ContainsKey("grpc-encoding"));
        Assert.Equal(0, Assert.Single(response.Frames).Flag);
    }

    [Fact]
    public async Task Streamed_responses_are_each_compressed()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/ServerStream",
            GrpcWire.Frame(new EchoRequest { Message = "s", Count = 3, CompressResponse = true }), headers: [new("grpc-accept-encoding", "gzip")]);

        Assert.All(response.Frames, f => Assert.Equal(1, f.Flag));
        Assert.Equal([0, 1, 2], response.Frames.Select(f => EchoReply.Parser.ParseFrom(GrpcWire.Gunzip(f.Payload)).Index));
    }

    [Fact]
    public async Task Unsupported_encoding_is_unimplemented_and_advertises_what_is_accepted()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest()), headers: [new("grpc-encoding", "br")]);

        GrpcAssert.TrailersOnlyError(response, 12, null);
        Assert.Equal("identity,gzip", response.Headers["grpc-accept-encoding"]);
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Compressed_flag_without_grpc_encoding_is_internal()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "x" }, compress: true));

        GrpcAssert.TrailersOnlyError(response, 13, "Received a compressed message but the request did not include grpc-encoding.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Corrupt_gzip_is_internal()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(1, Encoding.ASCII.GetBytes("not gzip at all")),
            headers: [new("grpc-encoding", "gzip")]);

        GrpcAssert.TrailersOnlyError(response, 13, "Failed to decompress the received message.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Decompressed_size_is_capped_too()
    {
        // 1 MiB of 'a' squeezes to about 1 KiB: under the 64 KiB limit on the wire, far over it once inflated.
        var bomb = GrpcWire.Gzip(new EchoRequest { Message = new string('a', 1024 * 1024) }.ToByteArray());
        Assert.True(bomb.Length < 64 * 1024);
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(1, bomb), headers: [new("grpc-encoding", "gzip")]);

        GrpcAssert.TrailersOnlyError(response, 8, "Received message exceeds the maximum configured message size after decompression.");
        await GrpcAssert.StillServesAsync(Server);
    }
}
