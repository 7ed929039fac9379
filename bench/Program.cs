using BenchmarkDotNet.Running;
using Maimai.Benchmarks.Storage;

namespace Maimai.Benchmarks;

/// <summary>Runs the benchmarks named on the command line; each class documents its baseline. Results land in bench/results/.</summary>
public static class BenchmarkEntry
{
    public static async Task<int> Main(string[] args)
    {
        // `storage [results.md]` is a console runner (a database fits BenchmarkDotNet's process-per-job model badly).
        if (args is ["transport-alloc", ..])
        {
            await Transport.UnaryAllocationProbe.RunAsync(calls: 5000, rounds: 5);
            return 0;
        }

        // `fetch-load [api.md]`: many players fetching at once through the real Silo (bench/Fetching/).
        if (args is ["fetch-load", ..])
        {
            return await Fetching.FetchLoadBenchmark.RunAsync(args);
        }

        // `fetch-phases [--gap-ms 1000] [--detail-seconds S]`: one first fetch, snapshot first then detail (bench/results/scraping-fetch.md).
        if (args is ["fetch-phases", ..])
        {
            return await Fetching.FetchPhasesBenchmark.RunAsync(args);
        }

        // `system [system.md] [--users N] [--soak-seconds S] ...`: two silo processes, the realistic mix, soak and chaos (bench/System/, bench/system.sh).
        if (args is ["system", ..])
        {
            return await SystemBench.SystemBenchmark.RunAsync(args);
        }

        if (args is ["storage", ..])
        {
            return await StorageBenchmark.RunAsync(args.Length > 1 ? args[1] : "bench/results/storage.md");
        }

        if (args is ["songcache", ..])
        {
            return await Songs.SongCacheBenchmark.RunAsync(args.Length > 1 ? args[1] : "bench/results/songcache.md");
        }

        // `api-reads [results.md] [--rounds N] [--seconds S]`: the Silo's read path over h2c against the bare SQL floor.
        if (args is ["api-reads", ..])
        {
            return await Api.ApiReadBenchmark.RunAsync(Api.ApiReadSettings.Parse(args));
        }

        // `history-queries [api.md] [--iterations N]`: the diff and history queries against one full score set (bench/Api/HistoryQueryBenchmark.cs).
        if (args is ["history-queries", ..])
        {
            return await Api.HistoryQueryBenchmark.RunAsync(args);
        }

        // `web [web.md] [--rounds N]`: the site's first-view bytes and its scores table against bare gRPC-Web ListScores (bench/Web/).
        if (args is ["web", ..])
        {
            return await Web.WebBenchmark.RunAsync(Web.WebSettings.Parse(args));
        }

        // Not a timing: the request counts of full and incremental fetches (bench/results/scraping-fetch.md).
        if (args is ["scraping-counts", ..])
        {
            await Scraping.FetchCounts.RunAsync();
            return 0;
        }

        // `parser-cpu`: the parsers' ratio over a bare AngleSharp parse in CPU time, for a busy machine (bench/results/scraping.md).
        if (args is ["parser-cpu", ..])
        {
            Scraping.ParserCpuRatio.Run();
            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
        return 0;
    }
}
