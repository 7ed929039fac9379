using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Maimai.Benchmarks.Fetching;

/// <summary>
/// The "## N users fetching at once" section of bench/results/api.md. Other sections of that file (the reads)
/// belong to other benches: this one replaces only its own section and otherwise appends at the end.
/// </summary>
internal static partial class FetchLoadReport
{
    private const double MiB = 1024 * 1024;

    public static string Section(FetchLoadSettings settings, MachineState start, MachineState end, FetchLoadResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        var cc = r.Concurrent;
        var durations = cc.Outcomes.Select(o => o.Duration.TotalSeconds).ToList();
        var sequential = r.Sequential.Select(o => o.Duration.TotalSeconds).ToList();
        var sequentialMedian = Percentile(sequential, 50);
        var rate = cc.Outcomes.Count / cc.Wall.TotalSeconds;
        var sequentialRate = r.Sequential.Count / r.SequentialWall.TotalSeconds;
        var requestsPerFetch = (double)cc.SimulatorRequests / cc.Outcomes.Count;

        var completed = cc.Outcomes.Count(o => o.Result == "COMPLETED");
        var durationsText = string.Create(c, $"{Percentile(durations, 50):N1} s / {Percentile(durations, 99):N1} s / {durations.Max():N1} s");
        s.AppendLine(c, $"## {settings.Users} users fetching at once");
        s.AppendLine();
        s.AppendLine(string.Create(c, $"Machine: {start.Cores} cores, {MachineState.GiB} GiB, {start.Os}, {start.Runtime}, Release. Load average (1/5/15 min) at start {start.LoadAverage}, ")
            + string.Create(c, $"when the fetches were released {cc.LoadAtStart}, at end {end.LoadAverage} (the machine was shared with other builds unless these are near 0)."));
        s.AppendLine("Run: `bench/fetch-load.sh` (= `dotnet run -c Release --project bench -- fetch-load bench/results/api.md`; options `--users N --songs N --baseline N --idle-age SECONDS`).");
        s.AppendLine();
        s.AppendLine(string.Create(c, $"**On Orleans: {completed} of {cc.Outcomes.Count} fetches completed, {rate:N2} fetches/s, p50 / p99 {Percentile(durations, 50):N1} s / {Percentile(durations, 99):N1} s, ")
            + string.Create(c, $"peak working set {cc.WorkingSetPeak / MiB:N0} MiB, peak {cc.ActivationsPeak} UserRegionGrain activations.** ")
            + "The same load on the removed hand-written grain runtime (7a6f611, load average 5.8-11.4; another run, so context, not a ratio): "
            + "500 of 500, 5.04 fetches/s, p50 / p99 61.6 s / 99.2 s, peak working set 347 MiB, 501 activations.");
        s.AppendLine();
        s.AppendLine("Method (bench/Fetching/):");
        s.AppendLine(string.Create(c, $"- A throwaway PostgreSQL 15 cluster (fsync off); tools/DxNetSimulator as its own process (international site, seed 7, {r.Simulator.Songs} songs: ")
            + string.Create(c, $"{r.Simulator.Charts} charts, **{r.Simulator.Scores} scores per player**, {r.Simulator.Plays} recent plays). Every user gets its own DX NET session ")
            + "(POST _sim/session/login) on the one simulated player, so all fetch the same pages but each writes its own snapshot.");
        s.AppendLine("- The real Silo host (`SiloHost.RunAsync`) in the bench process: an Orleans silo (ADO.NET clustering on the same PostgreSQL, one silo), Kestrel on free ports, "
            + "the Intl plugin loaded from plugins/, UserRegionGrain (one per user and region), the fetch pipeline, PostgreSQL storage. "
            + "Request gap 0 (Plugins:Intl:RequestGap), so a fetch is bound by CPU and the database, not by politeness. "
            + "The Silo's service clock (the keyed TimeProvider) reads 12:00 JST at the start, outside the 04:00-07:00 JST maintenance window whatever the real time; Orleans runs on the real clock. "
            + "Fetching:MaxConcurrentFetches at its default, 32: later fetches wait pending (their lease renewed) for a slot.");
        s.AppendLine(string.Create(c, $"- {settings.Users + settings.Baseline + 1} users with API tokens and maimai tokens made through IAccountStore/IDxNetTokenStore ({r.SetupSeconds:N1} s), one warm-up fetch, then ")
            + string.Create(c, $"{settings.Users} StartFetch calls released at once over real gRPC (h2c, HttpClient, several HTTP/2 connections), each followed by WatchFetch to COMPLETED or FAILED. ")
            + "Duration = StartFetch sent to the terminal message, per client.");
        s.AppendLine(string.Create(c, $"- Each fetch is a full first fetch: {requestsPerFetch:N0} DX NET requests on average ({cc.SimulatorRequests:N0} in all; playerData, 6 score lists, ")
            + "the record, a playlogDetail per recent play, a musicDetail per played song).");
        s.AppendLine("- Memory: working set and GC heap (GC.GetTotalMemory) of the bench process (Silo + gRPC client) sampled every 50 ms; VmHWM of each process from /proc. "
            + "Activations: Orleans' own meter (\"Microsoft.Orleans\", the `orleans-grains` up-down counter for grain type `" + r.GrainType + "`) through a MeterListener; "
            + "refused calls: its `orleans-messaging-rejected`, `orleans-messaging-expired`, `orleans-app-requests-timedout` and `orleans-catalog-activation-failed-to-activate`. "
            + string.Create(c, $"Idle activations: Orleans collects a grain once it has been idle for Cluster:GrainCollection:CollectionAge ({r.CollectionAge:c}; CollectionQuantum {r.CollectionQuantum:c}; ")
            + "as the Silo resolved them, on the real clock); a fetching grain is kept alive (DelayDeactivation) until its fetch ends, so collection starts one age after "
            + "the first fetch of the load ended. GC.GetTotalMemory(true) once the load had settled (its client's connections closed), just before that start, and once "
            + "no UserRegionGrain activation was left: the difference over the activations collected, with the drift between the first two readings as the noise.");
        s.AppendLine(string.Create(c, $"- Baseline, same run, after the load: {settings.Baseline} more users fetch one at a time (same pages, same node). It is the uncontended cost of one ")
            + string.Create(c, $"whole fetch (gRPC, grain, scraper, simulator, commit) on this machine, so the ratios show what {settings.Users} at once cost each player and what they gain in throughput."));
        s.AppendLine();
        s.AppendLine("| measure | value |");
        s.AppendLine("|---|---:|");
        foreach (var group in cc.Outcomes.GroupBy(o => o.Result).OrderByDescending(g => g.Count()))
        {
            s.AppendLine(c, $"| fetches {Escape(group.Key)} | {group.Count()} of {cc.Outcomes.Count} |");
        }

        s.AppendLine(c, $"| snapshots stored for these users | {cc.Snapshots} |");
        s.AppendLine(c, $"| watches that ended before the fetch did (then polled with GetFetch) | {cc.Outcomes.Count(o => o.WatchEndedEarly)} |");
        s.AppendLine(c, $"| WatchFetch messages per fetch (median) | {Percentile(cc.Outcomes.Select(o => (double)o.Messages).ToList(), 50):N0} |");
        s.AppendLine(c, $"| wall time, release to last terminal message | {cc.Wall.TotalSeconds:N1} s |");
        s.AppendLine(c, $"| fetches per second | {rate:N2} ({rate * requestsPerFetch:N0} DX NET pages/s) |");
        s.AppendLine(c, $"| fetch duration p50 / p99 / max | {durationsText} |");
        s.AppendLine(c, $"| UserRegionGrain activations, peak (Orleans meter) | {cc.ActivationsPeak} |");
        s.AppendLine(c, $"| grain calls refused or timed out, and failed activations (Orleans meter, whole run) | {cc.Rejections} |");
        s.AppendLine(c, $"| peak working set, bench process (Silo + client), sampled | {cc.WorkingSetPeak / MiB:N0} MiB |");
        s.AppendLine(c, $"| peak GC heap, sampled | {cc.HeapPeak / MiB:N0} MiB |");
        s.AppendLine(c, $"| VmHWM (peak RSS since start): bench process / simulator process | {cc.SiloPeakResident / MiB:N0} MiB / {cc.SimulatorPeakResident / MiB:N0} MiB |");
        s.AppendLine(c, $"| UserRegionGrain activations resident before collection, then after | {r.Idle.Before} → {r.Idle.After} (the last {r.Idle.CollectedIn.TotalSeconds:N1} s after the last fetch ended; idle age {r.CollectionAge.TotalSeconds:N0} s) |");
        s.AppendLine(c, $"| of them still resident one idle age and quantum (+5 s) after the last fetch ended | {r.Idle.Late} |");
        s.AppendLine(c, $"| other grain types resident before collection | {(r.Idle.OtherGrainTypes.Count == 0 ? "none" : Escape(string.Join(", ", r.Idle.OtherGrainTypes.Select(p => $"{p.Key} {p.Value}"))))} |");
        s.AppendLine(c, $"| GC heap with them resident / after collection | {r.Idle.HeapResident / MiB:N2} MiB / {r.Idle.HeapCollected / MiB:N2} MiB |");
        var collectedMeanwhile = r.Idle.EarlyCount == r.Idle.Before ? "nothing collected" : string.Create(c, $"{r.Idle.EarlyCount - r.Idle.Before} collected");
        var settled = r.Idle.Settled
            ? ""
            : string.Create(c, $"; **not settled**: the idle age ({r.CollectionAge.TotalSeconds:N0} s) left no time for the load to settle before the first reading, so the difference also holds what the pools gave back after the load: rerun with a longer --idle-age");
        s.AppendLine(c, $"| memory per idle activation (heap difference / activations collected) | {r.Idle.BytesPerActivation:N0} B (noise: the heap moved {r.Idle.DriftPerActivation:N0} B per activation in the {r.Idle.DriftWindow.TotalSeconds:N0} s before, {collectedMeanwhile}{settled}) |");
        s.AppendLine(c, $"| baseline: one fetch at a time, median of {sequential.Count} | {sequentialMedian:N2} s ({sequentialRate:N2} fetches/s, {(double)r.SequentialRequests / r.Sequential.Count:N0} DX NET requests each, all {r.Sequential.Count(o => o.Result == "COMPLETED")} completed) |");
        s.AppendLine(c, $"| throughput ratio, all at once / one at a time | {rate / sequentialRate:N2}x |");
        s.AppendLine(c, $"| latency ratio, p50 at once / one at a time | {Percentile(durations, 50) / sequentialMedian:N0}x |");
        s.AppendLine();
        s.AppendLine("Finding, fixed: before the per-node cap (Fetching:MaxConcurrentFetches), the first run (load average 33-52) completed only 105 of 500: "
            + "500 fetches at once exhausted Npgsql's pool of 100 connections, progress writes (the heartbeats) failed for over 30 s, and the node's own "
            + "lease sweeper failed 379 of its live fetches as NODE_LOST (16 more failed on the database); every WatchFetch stream also ended with an error. "
            + "Test: tests/Silo.Tests/Fetching/FetchQueueTests.cs.");
        return s.ToString();
    }

    /// <summary>Replaces this bench's section if the file has one, else appends it; other sections are kept as they are.</summary>
    public static void WriteSection(string path, string section)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var text = File.Exists(path) ? File.ReadAllText(path) : "# API benchmarks\n";
        text = OwnSection().Replace(text, "").TrimEnd('\n');
        File.WriteAllText(path, text + "\n\n" + section);
    }

    [GeneratedRegex(@"^## \d+ users fetching at once\n(?:(?!## ).*\n?)*", RegexOptions.Multiline)]
    private static partial Regex OwnSection();

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static double Percentile(List<double> values, int percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
