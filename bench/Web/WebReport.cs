using System.Globalization;
using System.Text;
using Maimai.Benchmarks.Api;

namespace Maimai.Benchmarks.Web;

/// <summary>bench/results/web.md: the first view's bytes, then the scores table against bare ListScores.</summary>
public sealed record WebReport(
    MachineFacts Machine, ReadWorld World, IReadOnlyList<ServedFile> Files, IReadOnlyList<PageTiming> Pages, IReadOnlyList<double> BareMs,
    TimeSpan RunTime, string BrowserVersion)
{
    public IReadOnlyList<double> PageMs => [.. Pages.Select(p => p.At)];

    public double PageMedian => Median(PageMs);

    public double BareMedian => Median(BareMs);

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"first view {Sum(f => f.GzipBytes, "JS", "CSS", "HTML"):N0} bytes gzipped; page {PageMedian:F0} ms vs bare ListScores {BareMedian:F0} ms ({PageMedian / BareMedian:F2}x)");

    public void Write(string path)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Web benchmarks: the player's site").AppendLine();
        md.AppendLine(c, $"Machine: {Machine.Describe()}. Shared with other builds while measured unless the load says otherwise.");
        md.AppendLine(c, $"Run: `bench/web.sh` (or `dotnet run -c Release --project bench -- web [bench/results/web.md] [--rounds N]`); this run took {RunTime.TotalSeconds:F0} s. Browser: Debian's Chromium {BrowserVersion}, headless, driven by Playwright for .NET.");
        md.AppendLine();
        md.AppendLine("## First view: bytes as served").AppendLine();
        md.AppendLine("The page at `/` and the stylesheet and script it names, from the real Silo (the committed bundle, embedded), each asked for with `Accept-Encoding: identity` and with `gzip`; bytes are the bodies received. The budget (issue 11) is 150 KB of JavaScript and CSS gzipped.");
        md.AppendLine();
        md.AppendLine("The Silo's response compression gzips the assets at the smallest level (SiteApp); the last column is the same file gzipped at that level here, as a check.");
        md.AppendLine();
        md.AppendLine("| file | path | raw bytes | gzip bytes (served) | encoding sent for gzip | gzip, smallest size |");
        md.AppendLine("|---|---|---:|---:|---|---:|");
        foreach (var f in Files)
        {
            md.AppendLine(c, $"| {f.Kind} | `{f.Path}` | {f.RawBytes:N0} | {f.GzipBytes:N0} | {f.GzipEncoding} | {f.SmallestGzipBytes:N0} |");
        }

        md.AppendLine(c, $"| **JS + CSS** | | {Sum(f => f.RawBytes, "JS", "CSS"):N0} | {Sum(f => f.GzipBytes, "JS", "CSS"):N0} ({Sum(f => f.GzipBytes, "JS", "CSS") / 1024.0:F1} KiB of 150 KB) | | {Sum(f => f.SmallestGzipBytes, "JS", "CSS"):N0} |");
        md.AppendLine(c, $"| **all three** | | {Sum(f => f.RawBytes, "JS", "CSS", "HTML"):N0} | {Sum(f => f.GzipBytes, "JS", "CSS", "HTML"):N0} | | {Sum(f => f.SmallestGzipBytes, "JS", "CSS", "HTML"):N0} |");
        md.AppendLine();
        md.AppendLine(c, $"## Scores table of a {World.ScoreCount:N0}-score snapshot against bare gRPC-Web ListScores").AppendLine();
        md.AppendLine(c, $"- **Data.** A throwaway PostgreSQL 15 cluster, the Silo's migrations, songs from {World.SongSource}; the development login's user \"bench\" with 6 Japanese snapshots written through ScoreRepository (bench/Api/ReadWorld.cs), the newest with {World.ScoreCount:N0} scores. The real Silo (SiloHost, Development environment for the development login, API rate limit off, the default snapshot cache) in the bench process.");
        md.AppendLine("- **Page.** Playwright opens `/jp` in a new browser context each time (1280x800, no cache, the session cookie from one development sign-in) and an observer installed before the page's script records `performance.now()` (milliseconds since navigation started) when the scores card's count line names all the charts with the first 100 rows drawn: that line appears only after every ListScores page has arrived. So the figure holds the page and bundle download, the calls the region panel makes besides (GetMe, GetDxNetTokenStatus, ListSnapshots, GetSnapshot, GetRatingHistory, ListRecentPlays), all 11 ListScores calls (500 a page, one after another), turning 5,500 scores into rows and drawing 100.");
        md.AppendLine("- **Baseline.** The same 11 ListScores calls bare: gRPC-Web (binary) over HTTP/1.1 from .NET's HttpClient with the same cookie and origin, one after another, each message parsed, nothing drawn. Same Silo, same snapshot, same run.");
        md.AppendLine(c, $"- **Method.** One unmeasured run of each first (JIT tiering, the snapshot cache), then {PageMs.Count} rounds of both, alternating which goes first; medians over rounds. Browser, Silo and PostgreSQL share the machine's cores.");
        md.AppendLine();
        md.AppendLine("| measure | median (ms) | min (ms) | max (ms) | vs bare |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        md.AppendLine(c, $"| bare gRPC-Web ListScores, all {World.ScoreCount:N0} scores | {BareMedian:F0} | {BareMs.Min():F0} | {BareMs.Max():F0} | 1 |");
        md.AppendLine(c, $"| navigation to the scores table drawn, all loaded | {PageMedian:F0} | {PageMs.Min():F0} | {PageMs.Max():F0} | {PageMedian / BareMedian:F2}x |");
        md.AppendLine();
        md.AppendLine("Where the page's time goes (medians over the rounds, from the page's Resource Timing):");
        md.AppendLine();
        md.AppendLine("| part | median (ms) |");
        md.AppendLine("|---|---:|");
        md.AppendLine(c, $"| navigation to the first ListScores call: page, bundle, start-up, GetMe, ListSnapshots, GetSnapshot (the table waits for the snapshot) | {Median([.. Pages.Select(p => p.FirstCall)]):F0} |");
        md.AppendLine(c, $"| the {Pages[0].Calls} ListScores calls in the browser, first sent to last answered | {Median([.. Pages.Select(p => p.LastReply - p.FirstCall)]):F0} |");
        md.AppendLine(c, $"| last answer to the table drawn: the last page decoded, 5,500 rows built, 100 drawn | {Median([.. Pages.Select(p => p.At - p.LastReply)]):F0} |");
        md.AppendLine();
        md.AppendLine(c, $"Every round (ms): page {string.Join(", ", PageMs.Select(v => v.ToString("F0", c)))}; bare {string.Join(", ", BareMs.Select(v => v.ToString("F0", c)))}.");

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, md.ToString());
    }

    private long Sum(Func<ServedFile, long> bytes, params string[] kinds) => Files.Where(f => kinds.Contains(f.Kind)).Sum(bytes);

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
