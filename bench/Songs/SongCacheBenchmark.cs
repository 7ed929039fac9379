using System.Diagnostics;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Fetching.Internal;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;
using Maimai.Testing;
using Maimai.Testing.Postgres;

namespace Maimai.Benchmarks.Songs;

/// <summary>Per-fetch chart directory load on the real otoge-db lists (before the cache).</summary>
public static class SongCacheBenchmark
{
    private const int Rounds = 15;

    public static async Task<int> RunAsync()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var database = new Database(PostgresDialect.Instance, await cluster.CreateDatabaseAsync("bench"));
        await new MigrationRunner(database).ApplyAsync();
        var data = Path.Combine(SharedFolder.Path!, "data", "otoge-db");
        await new SongImporter(database).ImportAsync(OtogeDbSongList.Load(Path.Combine(data, "music-ex.json")), Region.Jp);
        await new SongImporter(database).ImportAsync(OtogeDbSongList.Load(Path.Combine(data, "music-ex-intl.json")), Region.Intl);
        var ms = new List<double>();
        var bytes = new List<long>();
        var count = 0;
        for (var round = -2; round < Rounds; round++)
        {
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var charts = await ChartDirectory.LoadAsync(database, Region.Intl, CancellationToken.None);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            count = charts.ChartCount;
            if (round >= 0)
            {
                ms.Add(elapsed);
                bytes.Add(allocated);
            }
        }

        ms.Sort();
        bytes.Sort();
        Console.WriteLine($"ChartDirectory.LoadAsync (per fetch, before): {count} charts, median {ms[Rounds / 2]:F1} ms, {bytes[Rounds / 2] / 1024.0 / 1024.0:F2} MiB allocated; load {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }
}
