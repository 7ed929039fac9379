using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>Happy paths of every call type over h2c, asserted on the raw frames and trailers.</summary>
[Collection(SharedServerGroup.Name)]
public sealed class CallTypeTests(SharedServerFixture fixture)
{
    private GrpcTestServer Server => fixture.Server;

    [Fact]
    public async Task Unary_echoes_and_ends_with_status_ok_in_trailers()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/Unary", GrpcWire.Frame(new EchoRequest { Message = "hi" }));

        Assert.Equal(200, response.HttpStatus);
        Assert.Equal(new Version(2, 0), response.Version);
        Assert.Equal("application/grpc", response.Headers["content-type"]);
        Assert.Equal("identity,gzip", response.Headers["grpc-accept-encoding"]);
        Assert.False(response.IsTrailersOnly);
        Assert.Equal("0", response.Trailers["grpc-status"]);
        Assert.False(response.Trailers.ContainsKey("grpc-message"));
        var frame = Assert.Single(response.Frames);
        Assert.Equal(0, frame.Flag);
        Assert.Equal("hi", EchoReply.Parser.ParseFrom(frame.Payload).Message);
    }

    [Fact]
    public async Task Unary_accepts_the_proto_subtype_and_charset_parameters()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/Unary", GrpcWire.Frame(new EchoRequest { Message = "p" }), "application/grpc+proto; charset=utf-8");

        Assert.Equal("0", response.Status);
        Assert.Equal("p", EchoReply.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Message);
    }

    [Fact]
    public async Task Server_streaming_sends_every_message_then_ok()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/ServerStream", GrpcWire.Frame(new EchoRequest { Message = "s", Count = 5 }));

        Assert.Equal("0", response.Trailers["grpc-status"]);
        var replies = response.Frames.Select(f => EchoReply.Parser.ParseFrom(f.Payload)).ToList();
        Assert.Equal([0, 1, 2, 3, 4], replies.Select(r => r.Index));
        Assert.All(replies, r => Assert.Equal("s", r.Message));
    }

    [Fact]
    public async Task Server_streaming_with_no_messages_is_trailers_only()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/ServerStream", GrpcWire.Frame(new EchoRequest { Count = 0 }));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal("0", response.Headers["grpc-status"]);
        Assert.Empty(response.Body);
        Assert.Empty(response.Trailers);
    }

    [Fact]
    public async Task Client_streaming_collects_every_request()
    {
        var body = GrpcWire.Concat(
            GrpcWire.Frame(new EchoRequest { Message = "a" }),
            GrpcWire.Frame(new EchoRequest { Message = "b" }),
            GrpcWire.Frame(new EchoRequest { Message = "c" }));
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/Collect", body);

        Assert.Equal("0", response.Status);
        var reply = EchoReply.Parser.ParseFrom(Assert.Single(response.Frames).Payload);
        Assert.Equal("a,b,c", reply.Message);
        Assert.Equal(3, reply.Index);
    }

    [Fact]
    public async Task Bidi_answers_each_message_before_the_next_is_sent()
    {
        await using var call = await DuplexCall.StartAsync(Server.Http2, "/maimai.test.v1.EchoService/Bidi");
        for (var i = 0; i < 3; i++)
        {
            await call.SendAsync(GrpcWire.Frame(new EchoRequest { Message = "m" + i }));
            var frame = await call.ReadFrameAsync();
            var reply = EchoReply.Parser.ParseFrom(frame!.Value.Payload);
            Assert.Equal("m" + i, reply.Message);
            Assert.Equal(i, reply.Index);
        }

        await call.CompleteRequestAsync();
        Assert.Null(await call.ReadFrameAsync());
        Assert.Equal("0", call.Trailer("grpc-status"));
    }
}
