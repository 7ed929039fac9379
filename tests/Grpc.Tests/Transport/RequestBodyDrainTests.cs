using System.Net;
using System.Text;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>
/// Calls that end while their request body is still arriving leave the body reader idle. Over HTTP/1.1 Kestrel then
/// drains the rest of the body and serves the next request on the same connection; a read left "in progress" makes
/// it log RequestBodyDrainBodyReaderInvalidState at Error and close the connection instead.
/// </summary>
[Collection(SharedServerGroup.Name)]
public sealed class RequestBodyDrainTests(SharedServerFixture fixture)
{
    private const string Collect = "/maimai.test.v1.EchoService/Collect";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // The shared server's log before this test: only entries after it count (the collection runs one test at a time).
    private readonly int _logStart = fixture.Server.Logs.Entries.Count;

    private GrpcTestServer Server => fixture.Server;

    [Theory]
    [InlineData("application/grpc-web")]
    [InlineData("application/grpc-web-text")]
    public async Task Deadline_while_a_unary_body_is_arriving_leaves_the_http1_connection_usable(string contentType)
    {
        var body = Encode(contentType, GrpcWire.Frame(new EchoRequest { Message = "late" }));
        await using var connection = await RawHttp1Connection.ConnectAsync(Server.Http1.BaseAddress!);
        await connection.SendHeadAsync(GrpcAssert.Unary, contentType, body.Length, ("grpc-timeout", "200m"));
        await connection.SendAsync(body[..3]);

        var response = await connection.ReadResponseAsync();

        AssertDeadlineExceeded(response);
        await AssertConnectionStillServesAsync(connection, body[3..]);
    }

    [Fact]
    public async Task Deadline_while_a_streamed_message_is_arriving_leaves_the_http1_connection_usable()
    {
        var body = GrpcWire.Concat(GrpcWire.Frame(new EchoRequest { Message = "a" }), GrpcWire.Frame(new EchoRequest { Message = "b" }));
        await using var connection = await RawHttp1Connection.ConnectAsync(Server.Http1.BaseAddress!);
        await connection.SendHeadAsync(Collect, "application/grpc-web", body.Length, ("grpc-timeout", "200m"));
        // The first message whole and the next one's header cut short: the handler waits inside MoveNext.
        await connection.SendAsync(body[..^4]);

        var response = await connection.ReadResponseAsync();

        AssertDeadlineExceeded(response);
        await AssertConnectionStillServesAsync(connection, body[^4..]);
    }

    [Fact]
    public async Task Handler_returning_with_a_read_still_pending_leaves_the_http1_connection_usable()
    {
        var body = GrpcWire.Concat(GrpcWire.Frame(new EchoRequest { Message = "first" }), GrpcWire.Frame(new EchoRequest { Message = "never read" }));
        await using var connection = await RawHttp1Connection.ConnectAsync(Server.Http1.BaseAddress!);
        await connection.SendHeadAsync("/maimai.test.v1.EchoService/Abandon", "application/grpc-web", body.Length);
        await connection.SendAsync(body[..^4]);

        var response = await connection.ReadResponseAsync();

        Assert.NotNull(response);
        var frames = GrpcWire.ReadFrames(response.Body);
        Assert.Equal("first", EchoReply.Parser.ParseFrom(frames[0].Payload).Message);
        Assert.Equal("grpc-status: 0\r\n", Encoding.ASCII.GetString(frames[1].Payload));
        await AssertConnectionStillServesAsync(connection, body[^4..]);
    }

    [Theory]
    [InlineData("application/grpc", GrpcAssert.Unary, 3)]
    [InlineData("application/grpc", Collect, 14)]
    [InlineData("application/grpc-web-text", GrpcAssert.Unary, 14)]
    public async Task Deadline_while_the_body_is_arriving_over_h2c_ends_the_call_cleanly(string contentType, string path, int sent)
    {
        // 14 bytes: the first 11-byte message whole (Collect waits inside MoveNext for the next one).
        var frame = GrpcWire.Frame(new EchoRequest { Message = "late" });
        Assert.Equal(11, frame.Length);
        var body = Encode(contentType, GrpcWire.Concat(frame, frame));
        var content = new PartialContent(body[..sent]);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("grpc-timeout", "200m");

        using var response = await Server.Http2.SendAsync(request).WaitAsync(Timeout);
        var responseBody = await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        GrpcAssert.TrailersOnlyError(new GrpcResponse(response, responseBody), 4, "Deadline Exceeded");
        Assert.True(content.Sent.Task.IsCompleted, "the deadline fired before the first part of the body was sent");
        content.Release.TrySetResult();
        await GrpcAssert.StillServesAsync(Server);
        AssertNoKestrelErrors();
    }

    private static byte[] Encode(string contentType, byte[] binary) =>
        contentType.EndsWith("-text", StringComparison.Ordinal) ? Encoding.ASCII.GetBytes(Convert.ToBase64String(binary)) : binary;

    private static void AssertDeadlineExceeded(RawHttp1Response? response)
    {
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("4", response.Headers["grpc-status"]);
    }

    // Sends the rest of the first body, then a second request: Kestrel drains the first body before it reads the
    // second request, so the drain's outcome is known once the second one is answered.
    private async Task AssertConnectionStillServesAsync(RawHttp1Connection connection, byte[] rest)
    {
        var body = GrpcWire.Frame(new EchoRequest { Message = "next" });
        RawHttp1Response? response;
        try
        {
            await connection.SendAsync(rest);
            await connection.SendHeadAsync(GrpcAssert.Unary, "application/grpc-web", body.Length);
            await connection.SendAsync(body);
            response = await connection.ReadResponseAsync();
        }
        catch (IOException)
        {
            response = null;
        }

        AssertNoKestrelErrors();
        Assert.True(response is not null, "Kestrel closed the connection instead of serving the next request");
        Assert.Equal(200, response.Status);
        var frames = GrpcWire.ReadFrames(response.Body);
        Assert.Equal("next", EchoReply.Parser.ParseFrom(frames[0].Payload).Message);
        Assert.Equal("grpc-status: 0\r\n", Encoding.ASCII.GetString(frames[1].Payload));
    }

    private void AssertNoKestrelErrors()
    {
        var errors = Server.Logs.Entries.Skip(_logStart).Where(e => e.Level >= LogLevel.Error && e.Category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.EventId.Name}: {e.Message} {e.Exception}")));
    }

    /// <summary>Sends the first part of a body, then holds the request open until released or abandoned by HttpClient.</summary>
    private sealed class PartialContent(byte[] first) : HttpContent
    {
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(first, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            Sent.TrySetResult();
            await Release.Task.WaitAsync(Timeout, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
