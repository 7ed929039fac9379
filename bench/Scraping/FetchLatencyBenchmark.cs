using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Maimai.Scraping.Contract;

namespace Maimai.Benchmarks.Scraping;

/// <summary>
/// The wall time of a full fetch against the simulator with 300 ms added to every request, against its floor:
/// the same number of requests, each only waiting out the latency, one after another (the baseline).
/// Run: dotnet run -c Release --project bench -- --filter *FetchLatency*
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3, invocationCount: 1)]
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
        _requests = _rig.FetchAsync(KnownState.Empty).GetAwaiter().GetResult().RequestCount;
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
    public async Task<int> FullFetch() => (await _rig.FetchAsync(KnownState.Empty)).RequestCount;
}
