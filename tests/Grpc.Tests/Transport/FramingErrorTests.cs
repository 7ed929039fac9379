using System.Buffers.Binary;
using Google.Protobuf;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>Every framing error gets its documented status, Trailers-Only, and the server keeps serving.</summary>
[Collection(SharedServerGroup.Name)]
public sealed class FramingErrorTests(SharedServerFixture fixture)
{
    private GrpcTestServer Server => fixture.Server;

    [Fact]
    public async Task Declared_length_over_the_limit_is_resource_exhausted_before_the_body_arrives()
    {
        // Only the 5-byte prefix is sent: the limit is enforced on the declared length, nothing is buffered.
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), 64 * 1024 + 1);
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, header);

        GrpcAssert.TrailersOnlyError(response, 8, "Received message exceeds the maximum configured message size.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Message_at_the_limit_is_accepted()
    {
        var request = new EchoRequest { Message = new string('x', 64 * 1024 - 4) };
        Assert.Equal(64 * 1024, request.CalculateSize());
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(request));

        Assert.Equal("0", response.Status);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public async Task Invalid_compressed_flag_is_internal(byte flag)
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(flag, new EchoRequest { Message = "x" }.ToByteArray()));

        GrpcAssert.TrailersOnlyError(response, 13, "Received a message with an invalid compressed flag.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 10, 1, 2, 3 })]
    public async Task Truncated_frame_is_internal(byte[] body)
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, body);

        GrpcAssert.TrailersOnlyError(response, 13, "Received an incomplete message.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Extra_bytes_after_a_unary_message_are_internal()
    {
        var body = GrpcWire.Concat(GrpcWire.Frame(new EchoRequest { Message = "x" }), [0, 0]);
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, body);

        GrpcAssert.TrailersOnlyError(response, 13, "Additional data after the request message.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Second_message_to_a_unary_method_is_internal()
    {
        var frame = GrpcWire.Frame(new EchoRequest { Message = "x" });
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Concat(frame, frame));

        GrpcAssert.TrailersOnlyError(response, 13, "Additional data after the request message.");
    }

    [Fact]
    public async Task Empty_unary_request_is_internal()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, []);

        GrpcAssert.TrailersOnlyError(response, 13, "Request did not include a message.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Unparseable_message_is_internal()
    {
        // Field 1 as a length-delimited string claiming 100 bytes that are not there.
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(0, [0x0A, 100, 1]));

        GrpcAssert.TrailersOnlyError(response, 13, "Failed to parse the request message.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Bad_frame_in_a_stream_ends_the_call_after_earlier_replies_with_trailers()
    {
        var body = GrpcWire.Concat(GrpcWire.Frame(new EchoRequest { Message = "ok" }), GrpcWire.Frame(7, [1]));
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/Bidi", body);

        Assert.False(response.IsTrailersOnly);
        Assert.Equal("ok", EchoReply.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Message);
        Assert.Equal("13", response.Trailers["grpc-status"]);
        Assert.Equal("Received a message with an invalid compressed flag.", response.Trailers["grpc-message"]);
    }
}
