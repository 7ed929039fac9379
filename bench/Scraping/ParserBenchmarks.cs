using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;

namespace Maimai.Benchmarks.Scraping;

/// <summary>
/// Parse throughput per DX NET page kind. Baseline: a bare AngleSharp parse of the same text in the same run,
/// so the ratio is our extraction overhead (page checks, selectors, field parsing) on top of building the DOM.
/// Needs ../shared (the real pages). Run: dotnet run -c Release --project bench -- --filter *ParserBenchmarks*
/// </summary>
[Config(typeof(ShortInProcess))]
public class ParserBenchmarks
{
    private static readonly HtmlParser BareParser = new();
    private string _html = string.Empty;

    [Params("scores-expert", "scores-master", "scores-remaster", "record", "player", "music-detail", "rating-target")]
    public string Page { get; set; } = string.Empty;

    [GlobalSetup]
    public void Load()
    {
        var file = Page switch
        {
            "scores-expert" => "scores/diff2_expert.html",
            "scores-master" => "scores/diff3_master.html",
            "scores-remaster" => "scores/diff4_remaster.html",
            "record" => "recent/record.html",
            "player" => "player_data/player_data.html",
            "music-detail" => "music_detail/example1.html",
            "rating-target" => "rating_target/rating_target_music.html",
            _ => throw new ArgumentOutOfRangeException(nameof(Page), Page, "Unknown page."),
        };
        _html = File.ReadAllText(SharedFolder.File(["fixtures", "dxnet", "intl", .. file.Split('/')]));
        if (!ParseOurs())
        {
            throw new InvalidOperationException($"{file} no longer parses; the benchmark would measure a failure path.");
        }
    }

    [Benchmark(Baseline = true, Description = "AngleSharp DOM only")]
    public object BareAngleSharp() => BareParser.ParseDocument(_html);

    [Benchmark(Description = "our parser")]
    public bool Parser() => ParseOurs();

    private bool ParseOurs() => Page switch
    {
        "scores-expert" or "scores-master" or "scores-remaster" => ScoreListPageParser.Parse(_html, Region.Intl).Failure is null,
        "record" => RecordPageParser.Parse(_html, Region.Intl).Failure is null,
        "player" => PlayerPageParser.Parse(_html, Region.Intl).Failure is null,
        "music-detail" => MusicDetailPageParser.Parse(_html, Region.Intl).Failure is null,
        _ => RatingTargetPageParser.Parse(_html, Region.Intl).Failure is null,
    };

    /// <summary>ShortRun, in process: no per-run rebuild of the whole solution (which times out on a busy 2-core box).</summary>
    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
