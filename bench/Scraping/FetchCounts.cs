using Maimai.Scraping.Contract;
using Maimai.Testing.Scraping;

namespace Maimai.Benchmarks.Scraping;

/// <summary>
/// Request counts of a full, an unchanged and an incremental fetch on a real-sized catalog (no latency, no timing).
/// Run: dotnet run -c Release --project bench -- scraping-counts
/// </summary>
public static class FetchCounts
{
    public static async Task RunAsync(int songs = 1400)
    {
        await using var rig = await FetchRig.StartAsync(songs);
        var state = rig.Simulator.Snapshot();
        var charts = state.Songs.Sum(s => s.Charts.Count);
        Console.WriteLine($"catalog: {state.Songs.Count} songs, {charts} charts, {state.Scores.Count} played charts, "
            + $"{state.Scores.Select(s => s.SongId).Distinct().Count()} songs played");

        var full = await rig.FetchAsync(ScrapeInputs.NothingKnown);
        Report("full fetch (nothing stored)", rig, full);

        var known = ScrapeInputs.NothingKnown.After(full.Data!);
        rig.Simulator.Requests.Reset();
        var unchanged = await rig.FetchAsync(known, full.SessionCookies);
        Report("unchanged re-fetch", rig, unchanged);

        rig.Simulator.AddPlays(3);
        rig.Simulator.Requests.Reset();
        var incremental = await rig.FetchAsync(known.After(unchanged.Data!), unchanged.SessionCookies);
        Report("after one credit (3 new plays)", rig, incremental);
    }

    private static void Report(string name, FetchRig rig, ScrapeResult result)
    {
        var counts = string.Join(", ", rig.Simulator.Requests.Counts().OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"));
        Console.WriteLine($"{name}: {result.RequestCount} requests ({counts})");
    }
}
