using Maimai.Silo.Grains;

namespace Maimai.Benchmarks.Grains;

/// <summary>
/// Memory an idle activation keeps alive (mailbox, consumer, grain, directory entry), measured with
/// GC.GetTotalMemory(true) around N activations; also the bytes allocated to create each one.
/// Run: dotnet run -c Release --project bench -- grains-memory
/// </summary>
public static class IdleActivationMemory
{
    public static void Run(int activations = 20_000)
    {
        var (services, grains) = CounterGrain.CreateRuntime(maxActivations: activations * 2, maxMailboxDepth: 16);
        using (services)
        {
            ActivateAsync(grains, -1_000, 1_000).GetAwaiter().GetResult(); // warm up: JIT, pools, dictionary growth

            var retainedBefore = GC.GetTotalMemory(forceFullCollection: true);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            ActivateAsync(grains, 0, activations).GetAwaiter().GetResult();
            var allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
            var retainedAfter = GC.GetTotalMemory(forceFullCollection: true);

            Console.WriteLine($"activations: {activations}");
            Console.WriteLine($"retained bytes per idle activation: {(retainedAfter - retainedBefore) / activations}");
            Console.WriteLine($"allocated bytes per activation (incl. its first call): {(allocatedAfter - allocatedBefore) / activations}");
            GC.KeepAlive(grains);
        }
    }

    private static async Task ActivateAsync(IGrainFactory grains, int first, int count)
    {
        for (var key = first; key < first + count; key++)
        {
            await grains.GetGrain<CounterGrain, int>(key).InvokeAsync(CounterGrain.Increment);
        }
    }
}
