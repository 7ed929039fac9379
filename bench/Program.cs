using BenchmarkDotNet.Running;

namespace Maimai.Benchmarks;

/// <summary>Runs the benchmarks named on the command line; each class documents its baseline. Results land in bench/results/.</summary>
public static class BenchmarkEntry
{
    public static void Main(string[] args)
    {
        if (args is ["grains-memory", ..])
        {
            Grains.IdleActivationMemory.Run();
            return;
        }

        // Not a timing: the request counts of full and incremental fetches (bench/results/scraping-fetch.md).
        if (args is ["scraping-counts", ..])
        {
            Scraping.FetchCounts.RunAsync().GetAwaiter().GetResult();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
    }
}
