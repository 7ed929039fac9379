using Maimai.Grpc.Tests.Echo;

namespace Maimai.Grpc.Tests.TestHost;

/// <summary>Assertions shared by the protocol tests.</summary>
public static class GrpcAssert
{
    public const string Unary = "/maimai.test.v1.EchoService/Unary";

    /// <summary>A Trailers-Only error: HTTP 200, gRPC content type, status and message in the headers, no body.</summary>
    public static void TrailersOnlyError(GrpcResponse response, int code, string? message)
    {
        Assert.Equal(200, response.HttpStatus);
        Assert.StartsWith("application/grpc", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.True(response.IsTrailersOnly, "expected Trailers-Only, got trailers: " + string.Join(", ", response.Trailers.Keys));
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers["grpc-status"]);
        if (message is not null)
        {
            Assert.Equal(message, response.Headers["grpc-message"]);
        }

        Assert.Empty(response.Body);
    }

    /// <summary>The server still answers a normal call after whatever the test did.</summary>
    public static async Task StillServesAsync(GrpcTestServer server)
    {
        var response = await GrpcWire.PostAsync(server.Http2, Unary, GrpcWire.Frame(new EchoRequest { Message = "still here" }));
        Assert.Equal("0", response.Trailers["grpc-status"]);
        Assert.Equal("still here", EchoReply.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Message);
    }
}
