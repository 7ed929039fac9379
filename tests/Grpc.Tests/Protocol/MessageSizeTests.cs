using System.Buffers.Binary;
using Google.Protobuf;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;

namespace Maimai.Grpc.Tests.Protocol;

/// <summary>MaxReceiveMessageSize (64 KiB on the test host): checked on the declared length and after decompression.</summary>
[Collection(SharedServerGroup.Name)]
public sealed class MessageSizeTests(SharedServerFixture fixture)
{
    private GrpcTestServer Server => fixture.Server;

    [Fact]
    public async Task Declared_length_over_the_limit_is_resource_exhausted_before_the_body_arrives()
    {
        // Only the 5-byte prefix is sent: the limit is enforced on the declared length, nothing is buffered.
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), GrpcTestServer.MaxReceiveMessageSize + 1);
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, header);

        GrpcAssert.TrailersOnlyError(response, 8, "Received message exceeds the maximum configured message size.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Message_at_the_limit_is_accepted()
    {
        var request = new EchoRequest { Message = new string('x', GrpcTestServer.MaxReceiveMessageSize - 4) };
        Assert.Equal(GrpcTestServer.MaxReceiveMessageSize, request.CalculateSize());
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(request));

        Assert.Equal("0", response.Status);
    }

    [Fact]
    public async Task Decompressed_size_is_capped_too()
    {
        // 1 MiB of 'a' squeezes to about 1 KiB: under the 64 KiB limit on the wire, far over it once inflated.
        var bomb = GrpcWire.Gzip(new EchoRequest { Message = new string('a', 1024 * 1024) }.ToByteArray());
        Assert.True(bomb.Length < GrpcTestServer.MaxReceiveMessageSize);
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(1, bomb), headers: [new("grpc-encoding", "gzip")]);

        GrpcAssert.TrailersOnlyError(response, 8, "Received message exceeds the maximum configured message size.");
        await GrpcAssert.StillServesAsync(Server);
    }
}
