using Grpc.Health.V1;
using Maimai.Grpc.Health;
using Maimai.Grpc.Tests.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Maimai.Grpc.Tests.Health;

/// <summary>grpc.health.v1.Health over the real transport.</summary>
[Collection(SharedServerGroup.Name)]
public sealed class HealthTests(SharedServerFixture fixture)
{
    private const string Check = "/grpc.health.v1.Health/Check";

    private GrpcTestServer Server => fixture.Server;

    private HealthStatusBoard Board => Server.App.Services.GetRequiredService<HealthStatusBoard>();

    [Fact]
    public async Task Server_as_a_whole_is_serving()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, Check, GrpcWire.Frame(new HealthCheckRequest { Service = "" }));

        Assert.Equal("0", response.Status);
        Assert.Equal(ServingStatus.Serving, HealthCheckResponse.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Status);
    }

    [Fact]
    public async Task Unknown_service_is_not_found()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, Check, GrpcWire.Frame(new HealthCheckRequest { Service = "no.such.Service" }));

        GrpcAssert.TrailersOnlyError(response, 5, "Unknown service 'no.such.Service'.");
    }

    [Fact]
    public async Task Per_service_status_is_reported()
    {
        Board.SetStatus("health.test.Checked", ServingStatus.NotServing);
        var response = await GrpcWire.PostAsync(Server.Http2, Check, GrpcWire.Frame(new HealthCheckRequest { Service = "health.test.Checked" }));

        Assert.Equal(ServingStatus.NotServing, HealthCheckResponse.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Status);
    }

    [Fact]
    public async Task Watch_streams_service_unknown_then_every_change()
    {
        await using var call = await DuplexCall.StartAsync(Server.Http2, "/grpc.health.v1.Health/Watch");
        await call.SendAsync(GrpcWire.Frame(new HealthCheckRequest { Service = "health.test.Watched" }));
        await call.CompleteRequestAsync();

        Assert.Equal(ServingStatus.ServiceUnknown, await NextAsync(call));
        Board.SetStatus("health.test.Watched", ServingStatus.Serving);
        Assert.Equal(ServingStatus.Serving, await NextAsync(call));
        Board.SetStatus("health.test.Watched", ServingStatus.NotServing);
        Assert.Equal(ServingStatus.NotServing, await NextAsync(call));
        Board.ClearStatus("health.test.Watched");
        Assert.Equal(ServingStatus.ServiceUnknown, await NextAsync(call));
    }

    private static async Task<ServingStatus> NextAsync(DuplexCall call)
    {
        var frame = await call.ReadFrameAsync();
        Assert.NotNull(frame);
        return HealthCheckResponse.Parser.ParseFrom(frame.Value.Payload).Status;
    }
}
