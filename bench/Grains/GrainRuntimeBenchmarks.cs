using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Maimai.Silo.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Benchmarks.Grains;

/// <summary>
/// Calls per second through the grain runtime: 1,000 concurrent calls into one activation, and spread over 1,000
/// activations, against the baseline of the same work behind one SemaphoreSlim (what a grain replaces).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcessConfig))]
public class GrainRuntimeBenchmarks : IDisposable
{
    private const int Calls = 1_000;
    private const int Keys = 1_000;

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly CounterGrain bare = new();
    private readonly Task<long>[] pending = new Task<long>[Calls];
    private ServiceProvider? services;
    private IGrainFactory? grains;

    [GlobalSetup]
    public void Setup()
    {
        (services, grains) = CounterGrain.CreateRuntime(maxActivations: Keys * 2, maxMailboxDepth: Calls);
        Task.WhenAll(Enumerable.Range(0, Keys).Select(k => grains.GetGrain<CounterGrain, int>(k).InvokeAsync(CounterGrain.Increment)))
            .GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        services?.Dispose();
        gate.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public Task SemaphoreGuarded()
    {
        for (var i = 0; i < Calls; i++)
        {
            pending[i] = GuardedAsync();
        }

        return Task.WhenAll(pending);
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public Task OneActivation()
    {
        var grain = grains!.GetGrain<CounterGrain, int>(0);
        for (var i = 0; i < Calls; i++)
        {
            pending[i] = grain.InvokeAsync(CounterGrain.Increment);
        }

        return Task.WhenAll(pending);
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public Task ThousandActivations()
    {
        for (var i = 0; i < Calls; i++)
        {
            pending[i] = grains!.GetGrain<CounterGrain, int>(i % Keys).InvokeAsync(CounterGrain.Increment);
        }

        return Task.WhenAll(pending);
    }

    private async Task<long> GuardedAsync()
    {
        await gate.WaitAsync();
        try
        {
            return await bare.IncrementAsync();
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>A short run in the host process: a separately built benchmark exe takes minutes on a busy 2-core machine.</summary>
public sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.Median);
    }
}

/// <summary>The smallest useful grain: a counter.</summary>
public sealed class CounterGrain : IGrain
{
    public static readonly Func<CounterGrain, CancellationToken, Task<long>> Increment = static (g, _) => g.IncrementAsync();

    private long count;

    public Task<long> IncrementAsync() => Task.FromResult(++count);

    public static (ServiceProvider Services, IGrainFactory Grains) CreateRuntime(int maxActivations, int maxMailboxDepth)
    {
        var collection = new ServiceCollection();
        collection.AddGrains(o =>
        {
            o.MaxActivations = maxActivations;
            o.MaxMailboxDepth = maxMailboxDepth;
        }).AddGrain<CounterGrain>();
        var services = collection.BuildServiceProvider();
        return (services, services.GetRequiredService<IGrainFactory>());
    }
}
