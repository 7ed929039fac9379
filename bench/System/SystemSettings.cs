using System.Globalization;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>
/// The run's knobs (`system [results.md] --users N ...`). The defaults are the figures: 10,000 players, 1% of
/// them starting a fetch each minute, a 30-minute soak; a development run passes small ones.
/// </summary>
internal sealed record SystemSettings
{
    public string ResultsPath { get; init; } = "bench/results/system.md";

    /// <summary>The Silo's build output (Maimai.Silo.dll); system.sh builds it in Release.</summary>
    public string SiloDll { get; init; } = "src/Silo/bin/Release/net10.0/Maimai.Silo.dll";

    public int Users { get; init; } = 10_000;

    /// <summary>Players with a DX NET token (the rest only read). Defaults to 5%: enough that 1% a minute never hits one player's rate limit.</summary>
    public int FetcherPercent { get; init; } = 5;

    /// <summary>Fetch starts each minute, as a share of all players. Defaults to 1%.</summary>
    public double FetchStartPercentPerMinute { get; init; } = 1;

    /// <summary>Of the fetchers, those with auto-refresh on. Defaults to 20%.</summary>
    public int AutoRefreshPercent { get; init; } = 20;

    public int AutoRefreshMinutes { get; init; } = 60;

    /// <summary>Of the readers, those on the site (gRPC-Web with a session cookie); the rest use API tokens over h2c. Defaults to 30%.</summary>
    public int WebPercent { get; init; } = 30;

    /// <summary>Each reader makes one read per this many seconds on average (Poisson arrivals). Defaults to 60 s.</summary>
    public double ReadIntervalSeconds { get; init; } = 60;

    /// <summary>Scores in each reader's seeded snapshots. Defaults to 1,000.</summary>
    public int ReaderScores { get; init; } = 1_000;

    /// <summary>
    /// The scraper's politeness gap between two DX NET requests, in ms. Defaults to production's 1 s: the gap and the
    /// silos' fetch slots set how fast fetch pages arrive. A shorter gap packs the same fetches into less time.
    /// </summary>
    public int GapMilliseconds { get; init; } = 1_000;

    /// <summary>The steady load's measured window. Defaults to 5 minutes.</summary>
    public int LoadSeconds { get; init; } = 300;

    /// <summary>The soak's length. Defaults to 30 minutes; 0 skips it.</summary>
    public int SoakSeconds { get; init; } = 1_800;

    /// <summary>How long each chaos step's load runs around the fault. Defaults to 120 s.</summary>
    public int ChaosSeconds { get; init; } = 120;

    /// <summary>Chaos steps to run (names), all by default.</summary>
    public IReadOnlyList<string> Chaos { get; init; } = ChaosNames;

    public static readonly IReadOnlyList<string> ChaosNames = ["kill-silo", "restart-postgres", "stop-silo", "drop-simulator", "sqlite-disk-full"];

    /// <summary>The simulator's song count; 0 keeps its default (a real-sized account).</summary>
    public int SimulatorSongs { get; init; }

    public static SystemSettings? Parse(string[] args)
    {
        var settings = new SystemSettings();
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            int Number() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--users" => settings with { Users = Number() },
                "--fetchers-percent" => settings with { FetcherPercent = Number() },
                "--fetch-percent-per-minute" => settings with { FetchStartPercentPerMinute = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--auto-refresh-percent" => settings with { AutoRefreshPercent = Number() },
                "--web-percent" => settings with { WebPercent = Number() },
                "--read-interval" => settings with { ReadIntervalSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--reader-scores" => settings with { ReaderScores = Number() },
                "--gap-ms" => settings with { GapMilliseconds = Number() },
                "--load-seconds" => settings with { LoadSeconds = Number() },
                "--soak-seconds" => settings with { SoakSeconds = Number() },
                "--chaos-seconds" => settings with { ChaosSeconds = Number() },
                "--chaos" => settings with { Chaos = Next().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--songs" => settings with { SimulatorSongs = Number() },
                "--silo" => settings with { SiloDll = Next() },
                var path when !path.StartsWith("--", StringComparison.Ordinal) => settings with { ResultsPath = path },
                _ => throw new FormatException($"Unknown option {args[i]}."),
            };
        }

        return settings.Users >= 20 && settings.LoadSeconds > 0 && settings.ChaosSeconds >= 20 && settings.Chaos.All(ChaosNames.Contains) ? settings : null;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"--users {Users} --fetchers-percent {FetcherPercent} --fetch-percent-per-minute {FetchStartPercentPerMinute} --auto-refresh-percent {AutoRefreshPercent} " +
        $"--web-percent {WebPercent} --read-interval {ReadIntervalSeconds} --reader-scores {ReaderScores} --gap-ms {GapMilliseconds} " +
        $"--load-seconds {LoadSeconds} --soak-seconds {SoakSeconds} --chaos-seconds {ChaosSeconds} --chaos {string.Join(',', Chaos)}");
}
