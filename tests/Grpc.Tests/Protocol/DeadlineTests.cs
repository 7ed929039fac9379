using System.Globalization;
using System.Net;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;

namespace Maimai.Grpc.Tests.Protocol;

/// <summary>grpc-timeout sets the deadline; expiry and client resets cancel the service, logged at Information.</summary>
[Collection(SharedServerGroup.Name)]
public sealed class DeadlineTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private GrpcTestServer Server => fixture.Server;

    [Theory]
    [InlineData("2H", 2 * 3600_000.0)]
    [InlineData("3M", 3 * 60_000.0)]
    [InlineData("40S", 40_000.0)]
    [InlineData("25000m", 25_000.0)]
    [InlineData("20000000u", 20_000.0)]
    [InlineData("15000000000", -1)]
    [InlineData("15000000n", 15.0)]
    public async Task Every_timeout_unit_sets_the_deadline(string timeout, double expectedMilliseconds)
    {
        var before = DateTime.UtcNow;
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "deadline" }),
            headers: [new("grpc-timeout", timeout)]);

        if (expectedMilliseconds < 0)
        {
            // Eleven digits, more than the 8 the spec allows: Grpc.AspNetCore ignores the header, so no deadline.
            Assert.Equal("0", response.Status);
            Assert.Equal(DateTime.MaxValue.Ticks.ToString(CultureInfo.InvariantCulture), EchoReply.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Message);
            return;
        }

        if (expectedMilliseconds < 1000)
        {
            // Too short to answer in time: the call ends with DEADLINE_EXCEEDED instead.
            Assert.Contains(response.Status, new[] { "0", "4" });
            return;
        }

        Assert.Equal("0", response.Status);
        var deadline = new DateTime(long.Parse(EchoReply.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Message, CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var offset = (deadline - before).TotalMilliseconds;
        Assert.InRange(offset, expectedMilliseconds - 1, expectedMilliseconds + Timeout.TotalMilliseconds);
    }

    [Fact]
    public async Task Without_grpc_timeout_there_is_no_deadline()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "deadline" }));

        Assert.Equal(DateTime.MaxValue.Ticks.ToString(CultureInfo.InvariantCulture), EchoReply.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Message);
    }

    [Fact]
    public async Task Expired_deadline_ends_the_call_and_cancels_the_handler()
    {
        var probe = Server.Probes.Get("deadline-expiry");
        var call = GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/Wait", GrpcWire.Frame(new EchoRequest { Message = "deadline-expiry" }),
            headers: [new("grpc-timeout", "300m")]);

        await probe.Started.Task.WaitAsync(Timeout);
        var response = await call.WaitAsync(Timeout);
        await probe.Cancelled.Task.WaitAsync(Timeout);

        GrpcAssert.TrailersOnlyError(response, 4, "Deadline Exceeded");
        Assert.Contains(Server.Logs.Entries, e => e.EventId.Name == "DeadlineExceeded");
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task Deadline_ends_a_started_stream_with_trailers_even_if_the_handler_ignores_its_token()
    {
        var probe = Server.Probes.Get("stall");
        var response = await GrpcWire.PostAsync(Server.Http2, "/maimai.test.v1.EchoService/Stall", GrpcWire.Frame(new EchoRequest { Message = "stall" }),
            headers: [new("grpc-timeout", "300m")]);

        Assert.True(probe.Started.Task.IsCompleted);
        Assert.False(response.IsTrailersOnly);
        Assert.Equal("first", EchoReply.Parser.ParseFrom(Assert.Single(response.Frames).Payload).Message);
        Assert.Equal("4", response.Trailers["grpc-status"]);

        // The handler wakes up later; its late write is refused and nothing is logged as an error.
        probe.Release.SetResult();
        await probe.Cancelled.Task.WaitAsync(Timeout);
        await GrpcAssert.StillServesAsync(Server);
        Assert.DoesNotContain(Server.Logs.Errors, e => e.Message.Contains("/Stall", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_reset_cancels_the_handler_and_logs_information_not_error()
    {
        var probe = Server.Probes.Get("client-reset");
        using var cancel = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/maimai.test.v1.EchoService/Wait")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcWire.Frame(new EchoRequest { Message = "client-reset" })),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        var call = Server.Http2.SendAsync(request, cancel.Token);

        await probe.Started.Task.WaitAsync(Timeout);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Timeout));
        await probe.Cancelled.Task.WaitAsync(Timeout);

        await GrpcAssert.StillServesAsync(Server);
        Assert.DoesNotContain(Server.Logs.Errors, e => e.Message.Contains("/Wait", StringComparison.Ordinal));
    }
}
