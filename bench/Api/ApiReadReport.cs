using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Maimai.Benchmarks.Api;

/// <summary>
/// The "Reads" section of bench/results/api.md. Other benchmarks write their own "## " sections into the same
/// file; this one replaces only its own and keeps it first.
/// </summary>
public static class ApiReadReport
{
    public const string Heading = "## Reads: GetSnapshot + full ListScores (5,500 scores)";

    /// <summary>The cache-on variant's name, as ApiReadBenchmark registers it.</summary>
    public const string WarmName = "API, snapshot cache on (default)";

    public static string Section(ApiReadSettings settings, MachineFacts machine, ReadWorld world, IReadOnlyList<string> variants,
        IReadOnlyDictionary<(int Clients, string Variant), List<LoopResult>> results, ReadParts parts, (string Before, string After, string Floor) plans)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(results);
        var c = CultureInfo.InvariantCulture;
        var pages = (world.ScoreCount + SnapshotReadClient.MaxPageSize - 1) / SnapshotReadClient.MaxPageSize;
        var s = new StringBuilder();
        s.AppendLine(Heading);
        s.AppendLine();
        s.AppendLine(c, $"Machine: {machine.Describe()}. Shared with other builds while measured unless the load says otherwise.");
        s.AppendLine("Run: `bench/api.sh` (or `dotnet run -c Release --project bench -- api-reads [bench/results/api.md] [--rounds N] [--seconds S]`).");
        s.AppendLine();
        s.AppendLine(c, $"- **Data.** A throwaway PostgreSQL 15 cluster (fsync off), the Silo's migrations, songs from {world.SongSource}. One user with 6 snapshots written through ScoreRepository (4,500 scores, then 5 fetches each adding 200 charts and improving 300 scores): the read snapshot has {world.ScoreCount:N0} scores reconstructed from {world.ScoreRows:N0} score rows. Then VACUUM ANALYZE, as autovacuum does soon after a table takes inserts (row counts for the planner, the visibility map for index-only scans).");
        s.AppendLine(c, $"- **API operation.** GetSnapshot by id, then ListScores with page_size {SnapshotReadClient.MaxPageSize} (the contract's maximum) following next_page_token to the end: 1 + {pages} unary calls, every score parsed. The real Silo (SiloHost: the whole composition, an Orleans silo, the API on Grpc.AspNetCore behind ASP.NET Core authentication and the API's interceptors, Kestrel h2c on a free loopback port) in the bench process; each client has its own HttpClient and HTTP/2 connection and an API token (`authorization: Bearer`). Database round trips per operation besides the scores: API tokens are checked against api_tokens once per node per `ApiTokenCache:Duration` (30 s; CachedAccountStore), not per call; GetSnapshot finds the snapshot in one query by id and user, or answers from the snapshot cache when that holds the snapshot's scores for this user (as it does from the second operation on). Before this, an operation made 14: one api_tokens lookup per call (12) and two snapshot lookups (intl tried before jp).");
        s.AppendLine(c, $"- **Floor.** The least a page can cost: its rows read bare from an index in the requested order. The bench materialises the snapshot's listing once (bench_listing_floor: every column a page shows, {world.ScoreCount:N0} rows, one covering index in ListScores order, VACUUM ANALYZE), then per operation, over one pooled Npgsql connection with every column read: SnapshotRepository's snapshot SELECT and each page's rows ({pages} pages of {SnapshotReadClient.MaxPageSize}, a keyset range of that index, LIMIT page + 1: an index-only scan of page-size entries). Same connection string, same concurrency, same run. For comparison, *the floor before*: the snapshot SELECT and the whole score set in one reconstruction query (each chart's latest version up to the snapshot, as ScoreRepository.ReadSnapshotScoresAsync read it before it became a superseded_seq range), the floor the issue was first measured against.");
        s.AppendLine("- **Caches.** *cache on* is the default: the first page of a snapshot not in the SnapshotScoreCache loads its whole set into the cache; every page after it, and GetSnapshot, answer from memory, so each call costs an in-memory API-token check plus paging and serialisation. *cache off* (`SnapshotCache:MaxScores=0`, a second Silo node on the same database, a second silo of the same Orleans cluster; reads do not go through grains) is the cold path: GetSnapshot one query; the first ListScores page two, the snapshot's row (ownership, region, seq) and the page's SELECT; every later page that SELECT alone, the region and seq coming from the sealed page token and the snapshot's ownership checked inside it. The SELECT (ScorePageQuery, migration 0017) is a range of user_scores_listing, user_scores' index in listing order (each version carries its chart's level, title, type and difficulty, and the seq that superseded it, so `snapshot_seq <= seq < superseded_seq` picks the snapshot's versions while walking it): index-only, about page-size entries, no join and no sort; the Silo adds artist, genre, internal level and DX score maximum from its songs library, as the warm path does. This is what a node whose cache is full of other players' snapshots does for a page it has not got. Before each run the bench checks that both nodes list the same scores page for page. The songs library is cached in both (loaded once).");
        s.AppendLine(c, $"- **Method.** Closed loop: N clients each run operations back to back. Each variant first runs {settings.InitialWarmUp.TotalSeconds:F0} s at 10 clients, unmeasured (JIT tiering, pools, caches); then every window has a {settings.WarmUp.TotalSeconds:F0} s warm-up, then a {settings.Window.TotalSeconds:F0} s window (every operation started in it is timed to its end). {settings.Rounds} rounds, variant order rotated each round; each figure is the median over rounds. Client, Silo and PostgreSQL share the same 2 cores, so client-side parsing counts against both sides. CPU ms/op is CPU time over the window divided by the operations: the bench process (clients, and the Silo for the API rows) and the PostgreSQL cluster (postmaster and backends, from /proc); unlike wall time it is not inflated by other work on the machine, so it is the fairer comparison on a busy machine.");
        s.AppendLine();
        s.AppendLine("| clients | variant | ops/s | p50 (ms) | p99 (ms) | p50 vs floor | ops/s vs floor | CPU ms/op: bench process | CPU ms/op: PostgreSQL | CPU ms/op total vs floor | ops per window |");
        s.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var clients in ApiReadSettings.Concurrency)
        {
            var floor = Medians(results[(clients, ReadVariant.FloorName)]);
            foreach (var variant in variants)
            {
                if (!results.TryGetValue((clients, variant), out var rounds))
                {
                    continue;
                }

                var m = Medians(rounds);
                var ratios = variant == ReadVariant.FloorName
                    ? "1 | 1"
                    : string.Create(c, $"{m.P50 / floor.P50:F2}x | {m.Ops / floor.Ops:F2}x");
                var cpuRatio = (m.BenchCpu + m.PostgresCpu) / (floor.BenchCpu + floor.PostgresCpu);
                s.AppendLine(c, $"| {clients} | {variant} | {m.Ops:F1} | {m.P50:F1} | {m.P99:F1} | {ratios} | {m.BenchCpu:F1} | {m.PostgresCpu:F1} | {cpuRatio:F2}x | {m.Count:F0} |");
            }
        }

        s.AppendLine();
        var small = parts.Pages.FirstOrDefault(p => p.Size != SnapshotReadClient.MaxPageSize) ?? parts.Pages[0];
        s.AppendLine(c, $"Targets (issue 15): cold ListScores within 2x the floor, warm at or under it. p50 vs floor, whole operation: cold {Ratio(results, ApiReadBenchmark.ColdName, 10)} at 10 clients, {Ratio(results, ApiReadBenchmark.ColdName, 50)} at 50; warm {Ratio(results, WarmName, 10)} and {Ratio(results, WarmName, 50)}. One page alone (below, {small.Size} scores): cold {small.Cold / small.Floor:F2}x, warm {small.Warm / small.Floor:F2}x its rows read bare.");
        s.AppendLine();
        s.AppendLine(c, $"Where one API operation's time goes (one client, no contention; median of {parts.Samples} operations per part, parts taken in turn):");
        s.AppendLine();
        s.AppendLine("| part | ms per operation |");
        s.AppendLine("|---|---:|");
        s.AppendLine(c, $"| floor: bare SQL, snapshot + {pages} pages from the floor's index | {parts.Floor:F1} |");
        s.AppendLine(c, $"| the floor before: bare SQL, snapshot + whole score set | {parts.WholeSet:F1} |");
        s.AppendLine(c, $"| API operation, whole (1 + {pages} calls over h2c), cache on | {parts.Api:F1} ({parts.Api / parts.Floor:F2}x the floor) |");
        s.AppendLine(c, $"| - API-token checks, one per call (IAccountStore.AuthenticateAsync: the per-node token cache) | {parts.Auth:F1} |");
        s.AppendLine(c, $"| - service layer (ISnapshotQueries: GetSnapshot and {pages} pages, from the snapshot cache) | {parts.Queries:F1} |");
        s.AppendLine(c, $"| - client parsing the {pages} pages ({parts.ResponseBytes:N0} bytes of protobuf) | {parts.ClientParse:F1} |");
        s.AppendLine(c, $"| - the rest: proto mapping, protobuf encoding, Grpc.AspNetCore and its interceptors, HTTP/2 and Kestrel, both ends | {parts.Remainder:F1} |");
        s.AppendLine(c, $"| API operation, whole, cache off (every page a range of the listing index) | {parts.ColdApi:F1} ({parts.ColdApi / parts.Floor:F2}x the floor, {parts.ColdApi / parts.WholeSet:F2}x one whole-set read) |");
        s.AppendLine(c, $"| - service layer, cache off (GetSnapshot's query and {pages} page queries, Dapper mapping, songs library) | {parts.ColdQueries:F1} |");
        s.AppendLine();
        s.AppendLine(c, $"One page alone (after {ReadBreakdown.MiddleSkip:N0} of the {world.ScoreCount:N0} scores, one client, same iterations): its rows read bare from the floor's index, the product's own page SELECT bare (ScorePageQuery over Npgsql), and ListScores for it over h2c with its page token. Last column: against the floor before (one whole-set read, {parts.WholeSet:F1} ms).");
        s.AppendLine();
        s.AppendLine("| page size | one page | ms | vs the floor | vs one whole-set read |");
        s.AppendLine("|---:|---|---:|---:|---:|");
        foreach (var page in parts.Pages)
        {
            s.AppendLine(c, $"| {page.Size} | floor: the page's rows bare from an index | {page.Floor:F2} | 1 | {page.Floor / parts.WholeSet:F2}x |");
            s.AppendLine(c, $"| {page.Size} | the cold page's SELECT bare (user_scores_listing) | {page.ProductSelect:F2} | {page.ProductSelect / page.Floor:F2}x | {page.ProductSelect / parts.WholeSet:F2}x |");
            s.AppendLine(c, $"| {page.Size} | ListScores, cold (cache off: that SELECT, songs library, gRPC) | {page.Cold:F2} | {page.Cold / page.Floor:F2}x | {page.Cold / parts.WholeSet:F2}x |");
            s.AppendLine(c, $"| {page.Size} | ListScores, warm (from the snapshot cache) | {page.Warm:F2} | {page.Warm / page.Floor:F2}x | {page.Warm / parts.WholeSet:F2}x |");
        }

        s.AppendLine();
        s.AppendLine(c, $"Plans of one cold page ({small.Size} scores after {ReadBreakdown.MiddleSkip:N0}), EXPLAIN (ANALYZE, BUFFERS) on this run's data. Before migration 0017 (ScorePageQuery as it was: the set re-derived through user_scores_latest, joined, sorted):");
        s.AppendLine();
        s.AppendLine("```").AppendLine(plans.Before).AppendLine("```");
        s.AppendLine("After (ScorePageQuery now: a range of user_scores_listing):");
        s.AppendLine();
        s.AppendLine("```").AppendLine(plans.After).AppendLine("```");
        s.AppendLine("The floor (the page's rows from bench_listing_floor's index):");
        s.AppendLine();
        s.AppendLine("```").AppendLine(plans.Floor).AppendLine("```");
        s.AppendLine();
        return s.ToString();
    }

    /// <summary>Writes the section into the file: first after the title, replacing an earlier copy, keeping every other section.</summary>
    public static void WriteSection(string path, string section)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var preamble = "# API benchmarks\n\n";
        var others = new List<string>();
        if (File.Exists(full))
        {
            var chunks = Split(File.ReadAllText(full));
            preamble = chunks[0].Length > 0 ? chunks[0] : preamble;
            others.AddRange(chunks.Skip(1).Where(chunk => !chunk.StartsWith(Heading, StringComparison.Ordinal)));
        }

        File.WriteAllText(full, preamble + section + string.Concat(others));
    }

    // The text before the first "## " heading (maybe empty), then one chunk per "## " section.
    private static string[] Split(string text) => Regex.Split(text, "(?m)^(?=## )");

    private static (double Ops, double P50, double P99, double Count, double BenchCpu, double PostgresCpu) Medians(List<LoopResult> rounds) => (
        Median(rounds.Select(r => r.OpsPerSecond)),
        Median(rounds.Select(r => r.P50Ms)),
        Median(rounds.Select(r => r.P99Ms)),
        Median(rounds.Select(r => (double)r.Operations)),
        Median(rounds.Select(r => r.BenchCpuMs)),
        Median(rounds.Select(r => r.PostgresCpuMs)));

    private static string Ratio(IReadOnlyDictionary<(int Clients, string Variant), List<LoopResult>> results, string variant, int clients) =>
        results.TryGetValue((clients, variant), out var rounds) && results.TryGetValue((clients, ReadVariant.FloorName), out var floor)
            ? string.Create(CultureInfo.InvariantCulture, $"{Medians(rounds).P50 / Medians(floor).P50:F2}x")
            : "not measured";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
