using System.Text;
using Grpc.Core;
using Maimai.Grpc.Refusals;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Maimai.Grpc.Tests.Refusals;

/// <summary>
/// <see cref="GrpcCallRefusal"/> from a middleware that refuses every call carrying "x-refuse" before its service
/// runs (as the rate limiter does): Trailers-Only in the request's own protocol, or nothing for non-gRPC requests.
/// </summary>
public sealed class GrpcCallRefusalTests : IAsyncLifetime
{
    private static readonly KeyValuePair<string, string> Refuse = new("x-refuse", "1");
    private GrpcTestServer _server = null!;

    public async Task InitializeAsync() => _server = await GrpcTestServer.StartAsync(refuse: app => app.Use(next => http =>
    {
        if (!http.Request.Headers.ContainsKey("x-refuse"))
        {
            return next(http);
        }

        var trailers = new Metadata { { "x-why", "test" }, { "why-bin", [1, 2, 255] } };
        if (GrpcCallRefusal.TryWrite(http, new RpcException(new Status(StatusCode.ResourceExhausted, "slow down: 100% used"), trailers)))
        {
            return Task.CompletedTask;
        }

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return Task.CompletedTask;
    }));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_refused_grpc_call_is_Trailers_Only_with_its_status_message_and_trailers()
    {
        var response = await GrpcWire.PostAsync(_server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "x" }), headers: [Refuse]);

        GrpcAssert.TrailersOnlyError(response, 8, "slow down: 100%25 used");
        Assert.Equal("application/grpc", response.Headers["content-type"]);
        Assert.Equal("test", response.Headers["x-why"]);
        Assert.Equal("AQL/", response.Headers["why-bin"]);
        Assert.Empty(response.Trailers);
        await GrpcAssert.StillServesAsync(_server);
    }

    [Theory]
    [InlineData("application/grpc-web", "application/grpc-web")]
    [InlineData("application/grpc-web-text+proto", "application/grpc-web-text")]
    public async Task A_refused_grpc_web_call_answers_in_its_content_type_with_CORS_for_an_allowed_origin(string contentType, string answered)
    {
        var body = GrpcWire.Frame(new EchoRequest { Message = "x" });
        if (contentType.StartsWith("application/grpc-web-text", StringComparison.Ordinal))
        {
            body = Encoding.ASCII.GetBytes(Convert.ToBase64String(body));
        }

        var response = await GrpcWire.PostAsync(_server.Http1, GrpcAssert.Unary, body, contentType, [Refuse, new("Origin", GrpcTestServer.AllowedOrigin)]);

        GrpcAssert.TrailersOnlyError(response, 8, "slow down: 100%25 used");
        Assert.Equal(answered, response.Headers["content-type"]);
        Assert.Equal(GrpcTestServer.AllowedOrigin, response.Headers["Access-Control-Allow-Origin"]);
        Assert.Contains("grpc-status", response.Headers["Access-Control-Expose-Headers"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_is_not_grpc_is_left_to_the_caller()
    {
        var response = await GrpcWire.PostAsync(_server.Http1, GrpcAssert.Unary, Encoding.UTF8.GetBytes("{}"), "application/json", [Refuse]);

        Assert.Equal(429, response.HttpStatus);
        Assert.False(response.Headers.ContainsKey("grpc-status"));
    }
}
