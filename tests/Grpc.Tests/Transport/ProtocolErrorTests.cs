using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>Content type, HTTP version, unknown methods and bad headers.</summary>
[Collection(SharedServerGroup.Name)]
public sealed class ProtocolErrorTests(SharedServerFixture fixture)
{
    private GrpcTestServer Server => fixture.Server;

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/grpc+json")]
    [InlineData("application/grpcx")]
    public async Task Unsupported_content_type_is_http_415(string contentType)
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest()), contentType);

        Assert.Equal(415, response.HttpStatus);
        Assert.Equal("13", response.Headers["grpc-status"]);
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Native_grpc_over_http1_is_http_426()
    {
        var response = await GrpcWire.PostAsync(Server.Http1, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest()));

        Assert.Equal(426, response.HttpStatus);
        Assert.Equal(new Version(1, 1), response.Version);
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Unknown_service_is_unimplemented()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, "/no.such.Service/Method", GrpcWire.Frame(new EchoRequest()));

        GrpcAssert.TrailersOnlyError(response, 12, "Service is unimplemented.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Unknown_method_of_a_known_service_is_unimplemented()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/Nope", GrpcWire.Frame(new EchoRequest()));

        GrpcAssert.TrailersOnlyError(response, 12, "Method is unimplemented.");
    }

    [Fact]
    public async Task Non_grpc_request_to_an_unknown_path_is_a_plain_404()
    {
        var response = await GrpcWire.PostAsync(Server.Http1, "/some/page", [], "text/plain");

        Assert.Equal(404, response.HttpStatus);
        Assert.False(response.Headers.ContainsKey("grpc-status"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("123456789S")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    public async Task Malformed_grpc_timeout_is_internal(string timeout)
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest()), headers: [new("grpc-timeout", timeout)]);

        GrpcAssert.TrailersOnlyError(response, 13, "Request header grpc-timeout is malformed.");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Handler_status_and_trailers_reach_the_client_percent_encoded()
    {
        var request = new FailRequest { Code = 9, Message = "50% done ü\n\t~" };
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/Fail", GrpcWire.Frame(request));

        GrpcAssert.TrailersOnlyError(response, 9, "50%25 done %C3%BC%0A%09~");
        Assert.Equal("test", response.Headers["x-reason"]);
        Assert.Equal("AQID", response.Headers["x-raw-bin"]);
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Handler_exception_is_unknown_with_a_generic_message()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/Fail", GrpcWire.Frame(new FailRequest { ThrowPlain = true }));

        GrpcAssert.TrailersOnlyError(response, 2, "Exception was thrown by handler.");
        Assert.Contains(Server.Logs.Errors, e => e.EventId.Name == "HandlerFailed" && e.Exception is InvalidOperationException);
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Rich_status_details_carry_the_same_code_as_grpc_status()
    {
        var request = new FailRequest { Code = 8, Message = "slow down", WithDetails = true };
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/Fail", GrpcWire.Frame(request));

        GrpcAssert.TrailersOnlyError(response, 8, "slow down");
        var details = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(Pad(response.Headers["grpc-status-details-bin"])));
        Assert.Equal(8, details.Code);
        Assert.Equal("slow down", details.Message);
        var retry = Assert.Single(details.Details).Unpack<Google.Rpc.RetryInfo>();
        Assert.Equal(42, retry.RetryDelay.Seconds);
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
}
