using System.Diagnostics;
using AngleSharp.Html.Parser;
using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;

namespace Maimai.Benchmarks.Scraping;

/// <summary>
/// The parsers' cost over a bare AngleSharp parse of the same text, in process CPU time rather than wall time, so a
/// machine shared with other work still gives a usable ratio (BenchmarkDotNet's wall-clock ShortRun does not at a
/// load average of 20+). Each round runs the baseline and our parser back to back after a full GC, with background GC
/// off so the process's CPU time is the benchmark thread's; the median of nine rounds is reported.
/// Run: DOTNET_gcConcurrent=0 dotnet run -c Release --project bench -- parser-cpu (needs ../shared).
/// </summary>
internal static class ParserCpuRatio
{
    private const int Rounds = 9;

    private static readonly (string Name, string File)[] Pages =
    [
        ("scores-expert", "scores/diff2_expert.html"),
        ("scores-master", "scores/diff3_master.html"),
        ("scores-remaster", "scores/diff4_remaster.html"),
        ("record", "recent/record.html"),
        ("rating-target", "rating_target/rating_target_music.html"),
        ("player", "player_data/player_data.html"),
        ("music-detail", "music_detail/example1.html"),
    ];

    public static void Run()
    {
        var bare = new HtmlParser();
        Console.WriteLine("| page | AngleSharp DOM only (CPU ms) | our parser (CPU ms) | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, file) in Pages)
        {
            var html = File.ReadAllText(SharedFolder.File(["fixtures", "dxnet", "intl", .. file.Split('/')]));
            Func<bool> ours = name switch
            {
                "record" => () => RecordPageParser.Parse(html, Region.Intl).Failure is null,
                "player" => () => PlayerPageParser.Parse(html, Region.Intl).Failure is null,
                "music-detail" => () => MusicDetailPageParser.Parse(html, Region.Intl).Failure is null,
                "rating-target" => () => RatingTargetPageParser.Parse(html, Region.Intl).Failure is null,
                _ => () => ScoreListPageParser.Parse(html, Region.Intl).Failure is null,
            };
            if (!ours())
            {
                throw new InvalidOperationException($"{file} no longer parses; the ratio would measure a failure path.");
            }

            var operations = html.Length > 500_000 ? 12 : html.Length > 100_000 ? 40 : 300;
            var baseline = new double[Rounds];
            var parser = new double[Rounds];
            for (var round = 0; round < Rounds; round++)
            {
                baseline[round] = CpuMilliseconds(() => bare.ParseDocument(html), operations);
                parser[round] = CpuMilliseconds(() => ours(), operations);
            }

            Array.Sort(baseline);
            Array.Sort(parser);
            var (b, o) = (baseline[Rounds / 2], parser[Rounds / 2]);
            Console.WriteLine(FormattableString.Invariant($"| {name} | {b:F2} | {o:F2} | {o / b:F2} |"));
        }
    }

    private static double CpuMilliseconds(Func<object> operation, int operations)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        for (var i = 0; i < operations; i++)
        {
            operation();
        }

        process.Refresh();
        return (process.TotalProcessorTime - start).TotalMilliseconds / operations;
    }
}
