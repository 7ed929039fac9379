using System.Text;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;

namespace Maimai.Grpc.Tests.Protocol;

/// <summary>gzip both ways (doc/compression.md) as Grpc.AspNetCore does it.</summary>
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
        // Grpc.AspNetCore refuses the encoding only for a message that is compressed with it.
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest(), compress: true), headers: [new("grpc-encoding", "br")]);

        // Grpc.AspNetCore sends the headers (with what it accepts) before the status, so not Trailers-Only.
        Assert.Equal("12", response.Status);
        Assert.Contains("gzip", response.Headers["grpc-accept-encoding"], StringComparison.Ordinal);
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Compressed_flag_without_grpc_encoding_is_internal()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "x" }, compress: true));

        GrpcAssert.TrailersOnlyError(response, 13, null);
        Assert.StartsWith("Request did not include grpc-encoding", response.Message, StringComparison.Ordinal);
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Corrupt_gzip_is_internal()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(1, Encoding.ASCII.GetBytes("not gzip at all")),
            headers: [new("grpc-encoding", "gzip")]);

        // Grpc.AspNetCore reads a unary request before the interceptors run: its failure is its own UNKNOWN.
        GrpcAssert.TrailersOnlyError(response, 2, "Exception was thrown by handler.");
        await GrpcAssert.StillServesAsync(Server);
    }
}
