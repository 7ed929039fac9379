using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Tests.Protocol;

/// <summary>
/// Thousands of random and mutated frames and headers (seeded, so a failure replays): every answer is a well-formed
/// gRPC or HTTP rejection, the server keeps serving, and nothing is logged at Warning or above. gRPC-Web over HTTP/1.1
/// has no stream reset: a call whose deadline passes ends with its connection (how Grpc.AspNetCore ends it).
/// </summary>
public sealed class FuzzTests
{
    private const int Requests = 3000;
    private const int Seed = 20240611;

    private static readonly string[] Paths =
    [
        "/maimai.test.v1.EchoService/Unary", "/maimai.test.v1.EchoService/ServerStream", "/maimai.test.v1.EchoService/Bidi",
        "/maimai.test.v1.EchoService/Collect", "/maimai.test.v1.EchoService/Nope", "/no.Such/Method", "/grpc.health.v1.Health/Check",
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/grpc", "application/grpc", "application/grpc+proto", "application/grpc-web", "application/grpc-web-text",
        "application/grpc+json", "text/plain", "application/grpc; charset=x",
    ];

    private static readonly string[] Encodings = ["gzip", "identity", "br", "deflate", "", "GZIP"];

    [Fact]
    public async Task Random_and_mutated_requests_never_break_the_server()
    {
        await using var server = await GrpcTestServer.StartAsync();
        var random = new Random(Seed);
        var plans = Enumerable.Range(0, Requests).Select(_ => Plan(random)).ToList();

        var failures = new List<string>();
        foreach (var batch in plans.Chunk(8))
        {
            var results = await Task.WhenAll(batch.Select(plan => SendAsync(server, plan)));
            failures.AddRange(results.Where(r => r is not null)!);
        }

        var warnings = server.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)) + "\n" +
            string.Join("\n", warnings.Take(10).Select(e => e.Message + " " + e.Exception)));
        await GrpcAssert.StillServesAsync(server);
        Assert.True(warnings.Count == 0, string.Join("\n", warnings.Select(e => $"{e.EventId.Name}: {e.Message} {e.Exception}")));
    }

    private static async Task<string?> SendAsync(GrpcTestServer server, RequestPlan plan)
    {
        var client = plan.Http1 ? server.Http1 : server.Http2;
        GrpcResponse response;
        try
        {
            response = await GrpcWire.PostAsync(client, plan.Path, plan.Body, plan.ContentType, plan.Headers);
        }
        catch (HttpRequestException ex) when (!plan.Http1)
        {
            return $"{plan}: {ex.Message} {ex.InnerException?.Message}";
        }
        catch (HttpRequestException)
        {
            return null;
        }

        if (response.HttpStatus is 415 or 426)
        {
            return response.Headers.ContainsKey("grpc-status") ? null : $"{plan}: HTTP {response.HttpStatus} without grpc-status";
        }

        if (response.HttpStatus == 404 && plan.ContentType is "text/plain" or "application/grpc+json")
        {
            // Not a gRPC content type on a path nobody mapped: plain routing answers.
            return null;
        }

        if (response.HttpStatus != 200)
        {
            return $"{plan}: HTTP {response.HttpStatus}";
        }

        // No exception text leaves the server: no type name or stack frame in grpc-message.
        if (response.Message is { } message && ((message.Contains("Exception", StringComparison.Ordinal) && message != "Exception was thrown by handler.") || message.Contains("%20at%20", StringComparison.Ordinal)))
        {
            return $"{plan}: grpc-message leaks an exception: {message}";
        }

        var status = response.Status;
        if (status is null && plan.ContentType.StartsWith("application/grpc-web", StringComparison.Ordinal))
        {
            // gRPC-Web carries the status in its trailers frame.
            status = response.BodyText.Contains("grpc-status: ", StringComparison.Ordinal) || plan.ContentType.EndsWith("text", StringComparison.Ordinal) ? "web" : null;
        }

        return status is null ? $"{plan}: no grpc-status" : null;
    }

    private static RequestPlan Plan(Random random)
    {
        var contentType = ContentTypes[random.Next(ContentTypes.Length)];
        var http1 = contentType.StartsWith("application/grpc-web", StringComparison.Ordinal) && random.Next(2) == 0;
        var headers = new List<KeyValuePair<string, string>>();
        if (random.Next(4) == 0)
        {
            headers.Add(new("grpc-timeout", random.Next(3) == 0 ? RandomAscii(random, 1, 10) : $"{random.Next(1, 100_000)}{"HMSmun"[random.Next(6)]}"));
        }

        if (random.Next(3) == 0)
        {
            headers.Add(new("grpc-encoding", Encodings[random.Next(Encodings.Length)]));
        }

        if (random.Next(4) == 0)
        {
            headers.Add(new("x-echo-fuzz-bin", RandomAscii(random, 0, 12)));
        }

        if (random.Next(4) == 0)
        {
            headers.Add(new("x-echo-fuzz", RandomAscii(random, 0, 20)));
        }

        var body = random.Next(6) switch
        {
            0 => RandomBytes(random, random.Next(0, 64)),
            1 => Mutate(random, ValidFrame(random)),
            2 => ValidFrame(random)[..random.Next(0, 8)],
            3 => WithHeader(random, (byte)random.Next(256), (uint)random.Next()),
            4 => GrpcWire.Concat(ValidFrame(random), RandomBytes(random, random.Next(1, 10))),
            _ => ValidFrame(random),
        };
        if (contentType == "application/grpc-web-text" && random.Next(3) > 0)
        {
            body = Encoding.ASCII.GetBytes(Convert.ToBase64String(body));
        }

        return new RequestPlan(Paths[random.Next(Paths.Length)], contentType, http1, headers, body);
    }

    private static byte[] ValidFrame(Random random)
    {
        var request = new EchoRequest { Message = RandomAscii(random, 0, 40), Count = random.Next(-5, 5), CompressResponse = random.Next(2) == 0 };
        return random.Next(4) == 0 ? GrpcWire.Frame(request, compress: true) : GrpcWire.Frame(request);
    }

    private static byte[] Mutate(Random random, byte[] frame)
    {
        var copy = frame.ToArray();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] WithHeader(Random random, byte flag, uint length)
    {
        var header = new byte[5 + random.Next(0, 16)];
        header[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), length);
        return header;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomAscii(Random random, int min, int max)
    {
        var chars = new char[random.Next(min, max)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0x21, 0x7F);
        }

        return new string(chars);
    }

    private sealed record RequestPlan(string Path, string ContentType, bool Http1, List<KeyValuePair<string, string>> Headers, byte[] Body)
    {

        public override string ToString() =>
            $"{Path} {ContentType} http1={Http1} [{string.Join(", ", Headers.Select(h => h.Key + "=" + h.Value))}] body={Convert.ToHexString(Body)}";
    }
}
