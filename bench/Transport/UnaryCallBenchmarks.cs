using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Maimai.Interop.Server;

namespace Maimai.Benchmarks.Transport;

/// <summary>
/// One tiny unary call (grpc.testing.TestService/EmptyCall) through Grpc.AspNetCore (as the Silo hosts it: the API interceptors included), against the raw Kestrel baseline
/// in the same server (/raw.TestService/EmptyCall writes the same response bytes and trailers). Real Kestrel on a
/// free loopback port, HttpClient over h2c. The client's work is identical for both, so the difference in
/// "Allocated" is what Grpc.AspNetCore adds per call on the server.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRun))]
// Not sealed: BenchmarkDotNet derives its generated runner from the benchmark class.
public class UnaryCallBenchmarks : IDisposable
{
    /// <summary>A short run in this process: no generated project to build (builds time out on a busy machine).</summary>
    public sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }

    // grpc.testing.Empty as a length-prefixed message: flag 0, length 0.
    private static readonly byte[] EmptyMessageFrame = new byte[5];
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");

    private InteropHost? _host;
    private HttpClient? _client;
    private Uri? _transport;
    private Uri? _raw;

    [GlobalSetup]
    public async Task StartAsync()
    {
        _host = await InteropHost.StartAsync([]);
        _client = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false });
        var baseUri = new Uri($"http://127.0.0.1:{_host.H2cPort}");
        _transport = new Uri(baseUri, "/grpc.testing.TestService/EmptyCall");
        _raw = new Uri(baseUri, RawEndpoint.Path);
        await CallAsync(_transport);
        await CallAsync(_raw);
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public Task<int> RawKestrel() => CallAsync(_raw!);

    [Benchmark]
    public Task<int> GrpcAspNetCore() => CallAsync(_transport!);

    private async Task<int> CallAsync(Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            // h2c with prior knowledge: the port speaks HTTP/2 only.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(EmptyMessageFrame),
        };
        request.Content.Headers.ContentType = GrpcContentType;
        request.Headers.TE.ParseAdd("trailers");
        using var response = await _client!.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.TrailingHeaders.TryGetValues("grpc-status", out var status) || status.First() != "0" || body.Length != 5)
        {
            throw new InvalidOperationException($"{uri} did not answer like EmptyCall: HTTP {(int)response.StatusCode}, {body.Length} bytes.");
        }

        return body.Length;
    }
}
