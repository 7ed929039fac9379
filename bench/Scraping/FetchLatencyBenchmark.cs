using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Maimai.Scraping.Contract;
using Maimai.Testing.Scraping;

namespace Maimai.Benchmarks.Scraping;

/// <summary>
/// The wall time of a full fetch against the simulator with 300 ms added to every request, against its floor:
/// the same number of requests, each only waiting out the latency, one after another (the baseline).
/// Run: dotnet run -c Release --project bench -- --filter *FetchLatency*
/// </summary>
[Config(typeof(ShortInProcess))]
public class FetchLatencyBenchmark
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(300);
    private FetchRig _rig = null!;
    private int _requests;

    /// <summary>Songs in the simulated catalog (a real one has about 1,400).</summary>
    [Params(40)]
    public int Songs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rig = FetchRig.StartAsync(Songs).GetAwaiter().GetResult();
        _requests = _rig.FetchAsync(ScrapeInputs.NothingKnown).GetAwaiter().GetResult().RequestCount;
        _rig.Simulator.Faults.Latency = Latency;
        Console.WriteLine($"// full fetch: {_requests} requests, floor {_requests * Latency.TotalMilliseconds / 1000:0.0} s");
    }

    [GlobalCleanup]
    public void Cleanup() => _rig.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "floor: requests x latency")]
    public async Task Floor()
    {
        for (var i = 0; i < _requests; i++)
        {
            await Task.Delay(Latency);
        }
    }

    [Benchmark(Description = "full fetch at 300 ms per request")]
    public async Task<int> FullFetch() => (await _rig.FetchAsync(ScrapeInputs.NothingKnown)).RequestCount;

    /// <summary>Three single-fetch iterations, in process: each iteration is tens of seconds of mostly waiting.</summary>
    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess() => AddJob(Job.Dry
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(0)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
    }
}
