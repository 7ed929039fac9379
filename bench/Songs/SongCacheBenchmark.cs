using System.Diagnostics;
using System.Globalization;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Options;

namespace Maimai.Benchmarks.Songs;

/// <summary>
/// What a fetch pays for the songs database, on a throwaway PostgreSQL holding the real otoge-db lists (jp then
/// intl): the baseline is a full load with the region's chart directory built (what every fetch did before the
/// cache, and what a fetch still does after a change); against it, a warm <see cref="SongCache"/> read (one
/// revision row). Medians of time and of bytes allocated, as a ratio in the same run.
/// </summary>
public static class SongCacheBenchmark
{
    private const int Rounds = 15;

    public static async Task<int> RunAsync(string resultsPath)
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var database = new Database(PostgresDialect.Instance, await cluster.CreateDatabaseAsync("bench"));
        await new MigrationRunner(database).ApplyAsync();
        var songs = new SongRepository(database);
        await songs.ImportAsync(OtogeDbSongList.Load(SharedFolder.File("data", "otoge-db", "music-ex.json")), Region.Jp);
        await songs.ImportAsync(OtogeDbSongList.Load(SharedFolder.File("data", "otoge-db", "music-ex-intl.json")), Region.Intl);
        var cache = new SongCache(songs, TimeProvider.System, Options.Create(new SongCacheOptions()));

        var charts = 0;
        var full = await MeasureAsync(async () =>
        {
            var (library, revision) = await songs.LoadAsync(DateTimeOffset.UtcNow, CancellationToken.None);
            return charts = new SongSet(library, revision).ChartsFor(Region.Intl).ChartCount;
        });
        var cached = await MeasureAsync(async () => (await cache.GetCurrentAsync(CancellationToken.None)).ChartsFor(Region.Intl).ChartCount);
        var load = File.ReadAllText("/proc/loadavg").Trim();
        var lines = new[]
        {
            "# Songs cache: what a fetch pays for the songs database",
            "",
            $"Machine: 2 cores, 24 GiB, shared; load average at the end `{load}` (noisy). PostgreSQL 15 throwaway cluster, {charts} charts (otoge-db jp + intl). Medians of {Rounds} rounds after 2 warm-up rounds; `dotnet run -c Release --project bench -- songcache`.",
            "",
            "| path | median ms | median allocated |",
            "| --- | ---: | ---: |",
            $"| full load + Intl chart directory (baseline: every fetch before the cache) | {full.Ms:F1} | {full.Bytes / 1048576.0:F2} MiB |",
            $"| warm SongCache.GetCurrentAsync (revision row only) | {cached.Ms:F2} | {cached.Bytes / 1024.0:F1} KiB |",
            "",
            string.Create(CultureInfo.InvariantCulture, $"Ratio cached / full: time {cached.Ms / full.Ms:F4}, allocations {(double)cached.Bytes / full.Bytes:F5}."),
        };
        await File.WriteAllLinesAsync(resultsPath, lines);
        Console.WriteLine(string.Join(Environment.NewLine, lines));
        return 0;
    }

    private static async Task<(double Ms, long Bytes)> MeasureAsync(Func<Task<int>> run)
    {
        var ms = new List<double>();
        var bytes = new List<long>();
        for (var round = -2; round < Rounds; round++)
        {
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            await run();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            if (round >= 0)
            {
                ms.Add(elapsed);
                bytes.Add(allocated);
            }
        }

        ms.Sort();
        bytes.Sort();
        return (ms[Rounds / 2], bytes[Rounds / 2]);
    }
}
