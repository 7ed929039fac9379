using BenchmarkDotNet.Running;

namespace Maimai.Benchmarks;

/// <summary>Runs the benchmarks named on the command line; each class documents its baseline. Results land in bench/results/.</summary>
public static class BenchmarkEntry
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
}
