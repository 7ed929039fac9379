using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Maimai.Interop.Server;

namespace Maimai.Benchmarks.Transport;

/// <summary>
/// `transport-alloc`: bytes allocated and CPU time per tiny unary call, Grpc.AspNetCore against the raw Kestrel baseline,
/// in one process (client work is identical for both, so the difference is what Grpc.AspNetCore adds on the server).
/// Sequential calls over one h2c connection, rounds alternating; prints medians. Quicker and steadier than a full
/// BenchmarkDotNet run on a busy machine.
/// </summary>
public static class UnaryAllocationProbe
{
    private static readonly byte[] EmptyMessageFrame = new byte[5];
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");

    public static async Task RunAsync(int calls, int rounds)
    {
        await using var host = await InteropHost.StartAsync([]);
        using var client = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false });
        var baseUri = new Uri($"http://127.0.0.1:{host.H2cPort}");
        var transport = new Uri(baseUri, "/grpc.testing.TestService/EmptyCall");
        var raw = new Uri(baseUri, RawEndpoint.Path);
        await MeasureAsync(client, transport, calls);
        await MeasureAsync(client, raw, calls);

        var t = new List<(double Bytes, double Cpu)>();
        var r = new List<(double Bytes, double Cpu)>();
        for (var i = 0; i < rounds; i++)
        {
            t.Add(await MeasureAsync(client, transport, calls));
            r.Add(await MeasureAsync(client, raw, calls));
            Console.WriteLine($"round {i + 1}: Grpc.AspNetCore {t[^1].Bytes:F0} B {t[^1].Cpu:F1} us, raw {r[^1].Bytes:F0} B {r[^1].Cpu:F1} us (per call, client+server)");
        }

        double Median(IEnumerable<double> v) => v.Order().ElementAt(rounds / 2);
        var (tb, tc, rb, rc) = (Median(t.Select(x => x.Bytes)), Median(t.Select(x => x.Cpu)), Median(r.Select(x => x.Bytes)), Median(r.Select(x => x.Cpu)));
        Console.WriteLine($"median per call: Grpc.AspNetCore {tb:F0} B, {tc:F1} us CPU; raw {rb:F0} B, {rc:F1} us CPU; Grpc.AspNetCore adds {tb - rb:F0} B and {tc - rc:F1} us");
    }

    private static async Task<(double Bytes, double Cpu)> MeasureAsync(HttpClient client, Uri uri, int calls)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < calls; i++)
        {
            await CallAsync(client, uri);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        process.Refresh();
        return ((double)allocated / calls, (process.TotalProcessorTime - cpu).TotalMicroseconds / calls);
    }

    private static async Task CallAsync(HttpClient client, Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(EmptyMessageFrame),
        };
        request.Content.Headers.ContentType = GrpcContentType;
        request.Headers.TE.ParseAdd("trailers");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.TrailingHeaders.TryGetValues("grpc-status", out var status) || status.First() != "0" || body.Length != 5)
        {
            throw new InvalidOperationException($"{uri} did not answer like EmptyCall: HTTP {(int)response.StatusCode}, {body.Length} bytes.");
        }
    }
}
