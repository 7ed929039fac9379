using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>Options that change behaviour: detailed errors, send limit, server-wide response compression.</summary>
public sealed class OptionsTests
{
    [Fact]
    public async Task Detailed_errors_show_the_exception_and_the_send_limit_applies()
    {
        await using var server = await GrpcTestServer.StartAsync(o =>
        {
            o.EnableDetailedErrors = true;
            o.MaxSendMessageSize = 16;
            o.ResponseCompressionAlgorithm = "gzip";
        });

        var failed = await GrpcWire.PostAsync(server.Http2, "/maimai.test.v1.EchoService/Fail", GrpcWire.Frame(new FailRequest { ThrowPlain = true }));
        GrpcAssert.TrailersOnlyError(failed, 2, "Exception was thrown by handler. InvalidOperationException: secret internal detail");

        var tooBig = await GrpcWire.PostAsync(server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = new string('x', 32) }));
        GrpcAssert.TrailersOnlyError(tooBig, 8, "Sending message exceeds the maximum configured message size.");

        var compressed = await GrpcWire.PostAsync(server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "small" }),
            headers: [new("grpc-accept-encoding", "gzip")]);
        Assert.Equal("gzip", compressed.Headers["grpc-encoding"]);
        Assert.Equal("small", EchoReply.Parser.ParseFrom(GrpcWire.Gunzip(Assert.Single(compressed.Frames).Payload)).Message);
    }
}
