using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>
/// Handler activation by lifetime: singletons are resolved once, anything scoped still comes from the call's own
/// request scope (the transport only skips that scope when every dependency is a singleton).
/// </summary>
public sealed class HandlerLifetimeTests
{
    [Fact]
    public async Task Registered_singleton_handler_is_reused_across_calls()
    {
        await using var server = await GrpcTestServer.StartAsync(services: s => s.AddSingleton<EchoHandler>());
        var handler = server.App.Services.GetRequiredService<EchoHandler>();

        await AssertEchoesAsync(server, "a");
        await AssertEchoesAsync(server, "b");

        Assert.Same(handler, server.App.Services.GetRequiredService<EchoHandler>());
    }

    [Fact]
    public async Task Registered_scoped_handler_is_resolved_from_the_request_scope()
    {
        // With scope validation on, resolving it from the root provider would fail the call.
        await using var server = await GrpcTestServer.StartAsync(services: s => s.AddScoped<EchoHandler>());

        await AssertEchoesAsync(server, "a");
        await AssertEchoesAsync(server, "b");
    }

    [Fact]
    public async Task Unregistered_handler_with_a_scoped_dependency_gets_it_from_the_request_scope()
    {
        await using var server = await GrpcTestServer.StartAsync(services: s =>
        {
            s.RemoveAll<EchoProbes>();
            s.AddScoped<EchoProbes>();
        });

        await AssertEchoesAsync(server, "a");
        await AssertEchoesAsync(server, "b");
    }

    private static async Task AssertEchoesAsync(GrpcTestServer server, string message)
    {
        var response = await GrpcWire.PostAsync(server.Http2, "/maimai.test.v1.EchoService/Unary", GrpcWire.Frame(new EchoRequest { Message = message }))
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("0", response.Status);
        Assert.Equal(message, EchoReply.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Message);
        Assert.Empty(server.UnexpectedErrors());
    }
}
