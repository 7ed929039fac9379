using System.Globalization;
using System.Text;
using Maimai.Benchmarks.Storage;
using Maimai.Silo.Fetching;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>bench/results/system.md: the machine, the mix, the figures against the targets, each chaos outcome.</summary>
internal sealed class SystemReport(SystemSettings settings)
{
    private const double ReadTargetMs = 100;

    // The soak's memory bound: each silo's resident set in the last quarter within 25% of the first quarter's, and under 1 GiB.
    private const double GrowthBound = 1.25;
    private const long PeakBound = 1L << 30;

    public string Machine { get; set; } = "";

    public string SiloGc { get; set; } = "";

    public string Seeding { get; set; } = "";

    public MixResult? Steady { get; set; }

    public IReadOnlyList<string> SteadyResources { get; set; } = [];

    public string? SteadyCpu { get; set; }

    public IReadOnlyList<StatementCost> SteadyStatements { get; set; } = [];

    public FetchTally? SteadyFetches { get; set; }

    public long SteadyRequests { get; set; }

    public ConsistencyOutcome? SteadyCheck { get; set; }

    public MixResult? Soak { get; set; }

    public ClusterSampler? SoakReadings { get; set; }

    public FetchTally? SoakFetches { get; set; }

    public ConsistencyOutcome? SoakCheck { get; set; }

    public List<ChaosOutcome> Chaos { get; } = [];

    public SettledOutcome? Final { get; set; }

    // The silos run the defaults: the report says what they are rather than a copy of them.
    private static readonly FetchOptions Slots = new();

    private static int DetailSlots => 2 * Slots.MaxConcurrentDetails;

    private readonly List<string> _misses = [];

    public bool Passed => _misses.Count == 0;

    public void Write(string path)
    {
        var md = new StringBuilder();
        var isShort = settings.Users < 10_000 || settings.SoakSeconds < 1_800;
        md.AppendLine("# System: two silos on one PostgreSQL, the realistic mix, soak and chaos").AppendLine();
        if (isShort)
        {
            md.AppendLine("> **A shorter run than the issue's** (10,000 players, a 30-minute soak): see the options and the load average below. `bench/system.sh` with no options runs the full figures.").AppendLine();
        }

        md.AppendLine("Regenerate: `bench/system.sh [options]` (builds Release, runs `dotnet bench -- system`). Everything runs on 127.0.0.1 on free ports; every loop is bounded in time.").AppendLine();
        md.AppendLine($"- Machine: {Machine}");
        md.AppendLine($"- Options: `{settings.Describe()}`");
        md.AppendLine($"- Cluster: two `Maimai.Silo.dll` processes (Release, Development environment for the development login) on one throwaway PostgreSQL 15 (ADO.NET clustering; max_connections 200, each silo's pool at most {SystemBenchmark.SiloPoolSize} connections), behind a round-robin TCP front for h2c and one for HTTP/1.1 (each new connection to the next live silo); the DX NET simulator (seed {SimulatorNode.Seed}, a real-sized account) as its own process. The silos run {SiloGc}; the Machine line's GC is the load generator's.");
        md.AppendLine($"- Players: {Seeding}.");
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"- Mix (open loop, Poisson arrivals): each reader reads once per {settings.ReadIntervalSeconds:N0} s on average: GetSnapshot 20%, ListScores (a 100-score page) 30%, ListRecentPlays 15%, GetRating 15%, GetSnapshotDiff 10%, ListSongs 10%; {settings.WebPercent}% of readers over gRPC-Web with their site session cookie, the rest over h2c with an API token. Fetch starts: {settings.FetchStartPercentPerMinute}% of all players a minute, over h2c. At most 256 calls in flight; arrivals over that are shed and counted. The readers' seeded histories hold no recent plays, so their ListRecentPlays reads an empty page; StartFetch refused inside a player's one-a-minute limit (RESOURCE_EXHAUSTED with RetryInfo) is the product working and counts as answered."));
        md.AppendLine(settings.GapMilliseconds == 1_000
            ? string.Create(CultureInfo.InvariantCulture, $"- Politeness gap (Plugins:Intl:RequestGap): production's 1 s, so each fetch reads at most a page a second. Each silo runs at most {Slots.MaxConcurrentFetches} snapshot phases (Fetching:MaxConcurrentFetches; later starts wait, pending) and {Slots.MaxConcurrentDetails} detail phases (Fetching:MaxConcurrentDetails; a fetch whose snapshot is stored waits, running) at once. A first fetch of this account reads 8 pages for its snapshot, then about 1,080 detail pages (18 minutes at the gap), so {DetailSlots} detail slots finish about {DetailSlots / 18.0:N1} first fetches' details a minute: the rest of the run's first fetches keep their detail queued, a backlog the report counts, not a failure. **Fetch completion** = the snapshot is stored (completed, or in the detail phase with no error) when the window ends plus a bounded grace.")
            : $"- Politeness gap (Plugins:Intl:RequestGap): {settings.GapMilliseconds} ms instead of production's 1 s, so fetches end sooner and their pages come faster than in production. **Fetch completion** = the snapshot is stored (completed, or in the detail phase with no error) when the window ends plus a bounded grace.");
        md.AppendLine();

        if (Steady is not null)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"## Steady load ({Steady.Elapsed.TotalSeconds:N0} s)")).AppendLine();
            CallTable(md, Steady, judge: true);
            md.AppendLine();
            foreach (var line in SteadyResources)
            {
                md.AppendLine($"- {line}");
            }

            md.AppendLine($"- Fetches: {SteadyFetches}; the simulator served {SteadyRequests:N0} pages since it started.");
            if (SteadyCpu is not null)
            {
                md.AppendLine($"- CPU of the window (from /proc): {SteadyCpu}.");
            }

            if (SteadyStatements.Count > 0)
            {
                md.AppendLine().AppendLine("PostgreSQL's time in the window by statement (pg_stat_statements, the most first):").AppendLine();
                md.AppendLine("| calls | total s | mean ms | rows | statement |").AppendLine("|---:|---:|---:|---:|---|");
                foreach (var cost in SteadyStatements)
                {
                    md.AppendLine(StatementStats.Describe(cost));
                }

                md.AppendLine();
            }

            Check(md, "after the steady load", SteadyCheck);
            md.AppendLine();
        }

        if (Soak is not null && SoakReadings is not null)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"## Soak ({Soak.Elapsed.TotalSeconds / 60:N1} min at the same load)")).AppendLine();
            md.AppendLine($"![memory and connections during the soak]({Path.GetFileNameWithoutExtension(settings.ResultsPath)}-soak.svg)").AppendLine();
            md.AppendLine($"Bound: each silo's resident memory in the soak's last quarter within {GrowthBound:P0} of its first quarter's mean, and never over {PeakBound >> 30} GiB; sockets and activations back near their start.").AppendLine();
            SoakFigures(md, SoakReadings);
            md.AppendLine();
            CallTable(md, Soak, judge: false);
            md.AppendLine();
            md.AppendLine($"- Fetches: {SoakFetches}.");
            Check(md, "after the soak", SoakCheck);
            md.AppendLine();
        }

        md.AppendLine("## Chaos, one fault at a time with the mix running").AppendLine();
        md.AppendLine("Each step: the mix for the window, a burst of 10 fetch starts just before the fault (so it lands mid-fetch), the fault a quarter into the window, then the fetches classified and `maimai check-consistency` (src/Silo/Cli) run against the database. Recovery: from the fault to the end of the last second in which a call failed.").AppendLine();
        md.AppendLine("| step | fault | failed calls by code (whole window) | recovery | fetches | consistency |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var step in Chaos)
        {
            if (step.Skipped is not null)
            {
                md.AppendLine($"| {step.Name} | {step.Fault} | skipped: {step.Skipped} | | | |");
                continue;
            }

            var recovery = step.RecoverySeconds is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r:N0} s") : "**not within the window**";
            var clean = step.Consistency?.Clean == true;
            if (!clean)
            {
                _misses.Add($"chaos {step.Name}: consistency");
            }

            md.AppendLine($"| {step.Name} | {step.Fault} | {step.ErrorsByCode()} | {recovery} | {step.Fetches} | {(clean ? "clean (0 rows)" : "**INCONSISTENT**")} |");
        }

        md.AppendLine();
        foreach (var step in Chaos.Where(s => s.Skipped is null))
        {
            md.AppendLine($"### {step.Name}").AppendLine();
            md.AppendLine(step.Notes).AppendLine();
            Check(md, "after " + step.Name, step.Consistency);
            md.AppendLine();
        }

        if (Final is { } final)
        {
            md.AppendLine("## Settled").AppendLine();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"After the last step, with no load, waited {final.Waited.TotalSeconds:N0} s (bounded at 10 min) for every fetch of the run to end or store its snapshot: {final.BeforeSnapshot} still before their snapshot. The detail backlog then: **{final.DetailRunning} fetches reading their detail pages** ({final.DetailWaiting} of them waiting for a detail slot), **{final.DetailPagesLeft:N0} pages queued**, about {final.DetailPagesLeft / (double)DetailSlots / 60:N0} minutes for the two silos' {DetailSlots} detail slots at a page a second each. Then the check with the 60 s lease (every fetch still active must be alive):")).AppendLine();
            Check(md, "settled", final.Check);
            if (final.BeforeSnapshot > 0)
            {
                _misses.Add($"settled: {final.BeforeSnapshot} fetches still before their snapshot");
            }

            md.AppendLine();
        }

        md.AppendLine("## Verdict").AppendLine();
        md.AppendLine(Passed ? "Every target met." : "Missed: " + string.Join("; ", _misses) + ".");
        File.WriteAllText(path, md.ToString());
    }

    private void CallTable(StringBuilder md, MixResult result, bool judge)
    {
        var seconds = Math.Max(1, result.Elapsed.TotalSeconds);
        md.AppendLine("| call | OK | per second | p50 ms | p95 ms | p99 ms | failed | p95 target |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|---|");
        foreach (var (call, stats) in result.Calls.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var p95 = stats.Percentile(95);
            var isRead = !call.StartsWith("StartFetch", StringComparison.Ordinal);
            var verdict = !isRead ? "(a write)" : p95 is { } v && v < ReadTargetMs ? "< 100 ms: met" : "**missed**";
            if (judge && isRead && verdict == "**missed**")
            {
                _misses.Add($"{call} p95 {p95:N1} ms");
            }

            var failed = stats.Failures();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {call} | {stats.Count:N0} | {stats.Count / seconds:N1} | {stats.Percentile(50):N1} | {p95:N1} | {stats.Percentile(99):N1} | {(failed.Count == 0 ? "0" : string.Join(", ", failed.Select(f => $"{f.Key} {f.Value}")))} | {verdict} |"));
        }

        var total = result.Calls.Values.Sum(c => c.Count);
        md.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture, $"Throughput: {total / seconds:N1} OK calls a second in all; {result.Shed:N0} arrivals shed (generator at its in-flight cap)."));
    }

    private void SoakFigures(StringBuilder md, ClusterSampler sampler)
    {
        List<SiloReading> readings;
        lock (sampler.Readings)
        {
            readings = [.. sampler.Readings.Where(r => r.ResidentBytes > 0)];
        }

        md.AppendLine("| silo | RSS first quarter (MiB) | RSS last quarter (MiB) | RSS peak (MiB) | sockets start → end | activations start → end | memory bound |");
        md.AppendLine("|---|---:|---:|---:|---|---|---|");
        foreach (var silo in readings.Select(r => r.Silo).Distinct())
        {
            var mine = readings.Where(r => r.Silo == silo).ToList();
            var quarter = Math.Max(1, mine.Count / 4);
            var first = mine.Take(quarter).Average(r => r.ResidentBytes);
            var last = mine.TakeLast(quarter).Average(r => r.ResidentBytes);
            var peak = mine.Max(r => r.ResidentBytes);
            var within = last <= first * GrowthBound && peak < PeakBound;
            if (!within)
            {
                _misses.Add($"soak memory of {silo}");
            }

            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {silo} | {first / 1048576:N0} | {last / 1048576:N0} | {peak / 1048576.0:N0} | {mine[0].Sockets} → {mine[^1].Sockets} | {mine[0].Activations} → {mine[^1].Activations} | {(within ? "within" : "**exceeded**")} |"));
        }

        lock (sampler.Database)
        {
            if (sampler.Database.Count > 0)
            {
                md.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"PostgreSQL server processes: {sampler.Database[0].Backends} at the start, {sampler.Database.Max(d => d.Backends)} at most, {sampler.Database[^1].Backends} at the end."));
            }
        }
    }

    private void Check(StringBuilder md, string when, ConsistencyOutcome? outcome)
    {
        if (outcome is null)
        {
            return;
        }

        if (!outcome.Clean)
        {
            _misses.Add("consistency " + when);
        }

        md.AppendLine().AppendLine($"Consistency {when}: **{(outcome.Clean ? "clean" : "INCONSISTENT")}** (exit {outcome.ExitCode})").AppendLine();
        md.AppendLine("```").AppendLine(outcome.Output).AppendLine("```");
    }
}
