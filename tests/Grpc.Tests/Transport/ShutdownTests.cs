using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>Shutdown: new calls get UNAVAILABLE, calls in flight drain, and past the drain timeout they are cancelled.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task New_calls_are_unavailable_while_calls_in_flight_finish()
    {
        await using var server = await GrpcTestServer.StartAsync();
        var probe = server.Probes.Get("drain");
        var inFlight = GrpcWire.PostAsync(server.Http2, "/maimai.test.v1.EchoService/Wait", GrpcWire.Frame(new EchoRequest { Message = "drain" }));
        await probe.Started.Task.WaitAsync(Timeout);

        server.App.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var refused = await GrpcWire.PostAsync(server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "late" }));
        GrpcAssert.TrailersOnlyError(refused, 14, "The server is shutting down.");

        probe.Release.SetResult();
        var finished = await inFlight.WaitAsync(Timeout);
        Assert.Equal("0", finished.Trailers["grpc-status"]);
        Assert.Equal("released", EchoReply.Parser.ParseFrom(Assert.Single(finished.Frames).Payload).Message);
    }

    [Fact]
    public async Task Calls_still_running_after_the_drain_timeout_are_cancelled_with_unavailable()
    {
        await using var server = await GrpcTestServer.StartAsync(o => o.ShutdownDrainTimeout = TimeSpan.FromMilliseconds(200));
        var probe = server.Probes.Get("stuck");
        var inFlight = GrpcWire.PostAsync(server.Http2, "/maimai.test.v1.EchoService/Wait", GrpcWire.Frame(new EchoRequest { Message = "stuck" }));
        await probe.Started.Task.WaitAsync(Timeout);

        server.App.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var response = await inFlight.WaitAsync(Timeout);

        await probe.Cancelled.Task.WaitAsync(Timeout);
        GrpcAssert.TrailersOnlyError(response, 14, "The server stopped before the call finished.");
        Assert.Empty(server.Logs.Errors);
    }
}
