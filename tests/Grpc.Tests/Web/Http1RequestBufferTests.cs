using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Tests.Web;

/// <summary>
/// gRPC-Web over HTTP/1.1, where a call that ends while its request body is still being read used to leave Kestrel
/// unable to drain the body: it logged an error and closed the connection. Each refused request here is answered
/// with a gRPC status, the one connection then serves the next call, and nothing is logged at Warning or above.
/// </summary>
public sealed class Http1RequestBufferTests
{
    public static TheoryData<string> Refused => new() { "declared over the limit", "body over the limit", "truncated frame" };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_refused_request_leaves_the_connection_serving_and_nothing_logged(string kind)
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var http1 = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 })
        {
            BaseAddress = server.Http1.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

        var response = await GrpcWire.PostAsync(http1, GrpcAssert.Unary, Body(kind), "application/grpc-web");
        Assert.Equal(200, response.HttpStatus);
        Assert.Equal(kind == "truncated frame" ? "13" : "8", response.Headers["grpc-status"]);

        for (var i = 0; i < 3; i++)
        {
            var next = await GrpcWire.PostAsync(http1, GrpcAssert.Unary, GrpcWire.Frame(new EchoRequest { Message = "next" }), "application/grpc-web");
            Assert.Equal(200, next.HttpStatus);
            Assert.Equal("next", EchoReply.Parser.ParseFrom(next.Frames[0].Payload).Message);
        }

        Assert.Empty(server.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.EventId.Name}: {e.Message}"));
    }

    private static byte[] Body(string kind)
    {
        var header = new byte[5];
        switch (kind)
        {
            case "declared over the limit":
                // Declares one byte over the limit, and sends a little of it.
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), GrpcTestServer.MaxReceiveMessageSize + 1);
                return [.. header, .. new byte[1024]];
            case "body over the limit":
                return GrpcWire.Frame(new EchoRequest { Message = new string('x', GrpcTestServer.MaxReceiveMessageSize * 2) });
            default:
                // Declares 100 bytes and sends 10.
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), 100);
                return [.. header, .. new byte[10]];
        }
    }

    [Fact]
    public async Task A_body_still_arriving_when_the_deadline_would_pass_is_read_whole_before_the_call_starts()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Http1.BaseAddress!.Port).WaitAsync(TimeSpan.FromSeconds(10));
        await using var stream = new NetworkStream(socket);
        var body = GrpcWire.Frame(new EchoRequest { Message = "slow" });

        // Headers and the first bytes, then a pause past the call's 100 ms deadline, then the rest.
        await stream.WriteAsync(Request(body.Length, "100m")).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await stream.WriteAsync(body.AsMemory(0, 3)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await stream.WriteAsync(body.AsMemory(3)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("slow", await ReadResponseAsync(stream), StringComparison.Ordinal);

        // The same connection serves the next call.
        var next = GrpcWire.Frame(new EchoRequest { Message = "again" });
        await stream.WriteAsync(Request(next.Length, null)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await stream.WriteAsync(next).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("again", await ReadResponseAsync(stream), StringComparison.Ordinal);
        Assert.Empty(server.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.EventId.Name}: {e.Message}"));
    }

    private static byte[] Request(int length, string? timeout) => Encoding.ASCII.GetBytes(
        $"POST {GrpcAssert.Unary} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/grpc-web\r\nContent-Length: {length}\r\n"
        + (timeout is null ? "" : $"grpc-timeout: {timeout}\r\n") + "\r\n");

    // Reads one response: headers, then a body of Content-Length bytes or chunks up to the last one.
    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!Complete(text.ToString()))
        {
            var read = await stream.ReadAsync(buffer, deadline.Token);
            Assert.True(read > 0, "the server closed the connection:\n" + text);
            text.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    private static bool Complete(string response)
    {
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var headers = response[..end];
        var length = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is not null
            ? response.Length - end - 4 >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
            : response.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
    }
}
