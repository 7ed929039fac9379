using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;
using Maimai.Grpc.Transport;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>Custom metadata in and out, including "-bin" keys (PROTOCOL-HTTP2.md#requests).</summary>
[Collection(SharedServerGroup.Name)]
public sealed class MetadataTests(SharedServerFixture fixture)
{
    private GrpcTestServer Server => fixture.Server;

    [Theory]
    [InlineData("AQI", "AQI")]
    [InlineData("AQI=", "AQI")]
    [InlineData("AQIDBA==", "AQIDBA")]
    [InlineData("AQIDBA", "AQIDBA")]
    public async Task Binary_metadata_accepts_padded_and_unpadded_and_is_sent_unpadded(string sent, string expected)
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "m" }),
            headers: [new("x-echo-data-bin", sent), new("x-echo-text", "plain value")]);

        Assert.Equal("0", response.Trailers["grpc-status"]);
        Assert.Equal(expected, response.Trailers["x-echo-data-bin"]);
        Assert.Equal("plain value", response.Trailers["x-echo-text"]);
    }

    [Fact]
    public async Task Binary_metadata_that_is_not_base64_fails_the_call_cleanly()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest()), headers: [new("x-echo-data-bin", "!!!")]);

        Assert.Equal("13", response.Status);
        Assert.Equal("Request metadata is malformed.", response.Message);
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Response_headers_sent_by_the_handler_precede_the_message()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "h", SendHeaders = true }));

        Assert.Equal("hello", response.Headers["x-initial"]);
        Assert.False(response.IsTrailersOnly);
        Assert.Equal("0", response.Trailers["grpc-status"]);
    }

    [Fact]
    public void Metadata_keys_are_validated_and_lowercased()
    {
        var metadata = new Metadata { { "X-Mixed", "v" }, { "data-bin", new byte[] { 1 } } };

        Assert.Equal("x-mixed", metadata[0].Key);
        Assert.True(metadata[1].IsBinary);
        Assert.Throws<ArgumentException>(() => metadata.Add("bad key", "v"));
        Assert.Throws<ArgumentException>(() => metadata.Add("text-bin", "v"));
        Assert.Throws<ArgumentException>(() => metadata.Add("bytes", new byte[] { 1 }));
        Assert.Throws<ArgumentException>(() => metadata.Add("x", "line\nbreak"));
    }
}
