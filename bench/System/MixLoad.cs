using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf;
using GrpcV1 = Maimai.Grpc.Contracts.V1;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>What one window of the mix saw: latencies by call, answers per second, the fetches it started.</summary>
internal sealed class MixResult
{
    public ConcurrentDictionary<string, LatencyStats> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>Per second since the window began: OK answers and failed ones.</summary>
    public ConcurrentDictionary<int, (long Ok, long Failed)> Timeline { get; } = new();

    /// <summary>Fetch ids started (deduplicated) with the token that can read them.</summary>
    public ConcurrentDictionary<string, string> Fetches { get; } = new(StringComparer.Ordinal);

    public long Shed;

    public TimeSpan Elapsed { get; set; }

    public LatencyStats For(string call) => Calls.GetOrAdd(call, _ => new LatencyStats());

    /// <summary>One answer: its latency when OK, its code otherwise, and its second on the timeline.</summary>
    public void Record(string call, string code, double milliseconds, Stopwatch clock)
    {
        var ok = code == "OK";
        if (ok)
        {
            For(call).Record(milliseconds);
        }
        else
        {
            For(call).Fail(code);
        }

        Timeline.AddOrUpdate((int)clock.Elapsed.TotalSeconds, _ => ok ? (1, 0) : (0, 1), (_, v) => ok ? (v.Ok + 1, v.Failed) : (v.Ok, v.Failed + 1));
    }
}

/// <summary>
/// The realistic mix, open loop: readers arrive as a Poisson process (each reader once per read interval on average)
/// and make one read each: GetSnapshot, a ListScores page, ListRecentPlays, GetRating, GetSnapshotDiff or ListSongs;
/// site readers over gRPC-Web with their cookie, the rest over h2c with their API token. Fetch starts arrive the
/// same way at 1% of all players a minute. Calls in flight are capped; an arrival over the cap is shed (counted),
/// so a slow cluster cannot grow the generator without bound. Bounded in time: it stops by itself.
/// </summary>
internal sealed class MixLoad(SystemSettings settings, LoadPlayers players, Uri grpcFront, Uri httpFront)
{
    private const int MaxInFlight = 256;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    // The read mix by weight: what the site and a bot read most.
    private static readonly (string Name, int Weight)[] Reads =
        [("GetSnapshot", 20), ("ListScores", 30), ("ListRecentPlays", 15), ("GetRating", 15), ("GetSnapshotDiff", 10), ("ListSongs", 10)];

    private static readonly string[] SongQueries = ["a", "e", "love", "dx", "night", "sky", "star", "world"];

    public async Task<MixResult> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var result = new MixResult();
        using var native = new ApiCaller(grpcFront, web: false, CallTimeout);
        using var web = new ApiCaller(httpFront, web: true, CallTimeout);
        using var slots = new SemaphoreSlim(MaxInFlight, MaxInFlight);
        var random = new Random(2026);
        var readsPerSecond = players.Readers.Count / settings.ReadIntervalSeconds;
        var fetchesPerSecond = settings.Users * settings.FetchStartPercentPerMinute / 100 / 60;
        var rate = readsPerSecond + fetchesPerSecond;
        var running = new List<Task>();
        var clock = Stopwatch.StartNew();
        var next = 0.0;
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            next += -Math.Log(1 - random.NextDouble()) / rate; // exponential gaps: Poisson arrivals
            var wait = TimeSpan.FromSeconds(next) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            if (!slots.Wait(0, CancellationToken.None))
            {
                Interlocked.Increment(ref result.Shed);
                continue;
            }

            var isFetch = random.NextDouble() < fetchesPerSecond / rate;
            var player = isFetch ? players.Fetchers[random.Next(players.Fetchers.Count)] : players.Readers[random.Next(players.Readers.Count)];
            var read = Pick(random);
            var seed = random.Next();
            running.Add(Task.Run(async () =>
            {
                try
                {
                    if (isFetch)
                    {
                        await StartFetchAsync(native, player, result, clock, cancellationToken);
                    }
                    else
                    {
                        await ReadAsync(player.Cookie is null ? native : web, player, read, new Random(seed), result, clock, cancellationToken);
                    }
                }
                finally
                {
                    slots.Release();
                }
            }, CancellationToken.None));
            running.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(running).WaitAsync(CallTimeout + TimeSpan.FromSeconds(10), CancellationToken.None);
        result.Elapsed = clock.Elapsed;
        return result;
    }

    /// <summary>Starts a fetch for each of <paramref name="count"/> random fetchers at once (a chaos step's "mid-fetch").</summary>
    public async Task<MixResult> BurstAsync(int count, CancellationToken cancellationToken)
    {
        var result = new MixResult();
        using var native = new ApiCaller(grpcFront, web: false, CallTimeout);
        var clock = Stopwatch.StartNew();
        var random = new Random();
        await Task.WhenAll(players.Fetchers.OrderBy(_ => random.Next()).Take(count)
            .Select(p => StartFetchAsync(native, p, result, clock, cancellationToken)));
        return result;
    }

    private static string Pick(Random random)
    {
        var roll = random.Next(Reads.Sum(r => r.Weight));
        foreach (var (name, weight) in Reads)
        {
            if ((roll -= weight) < 0)
            {
                return name;
            }
        }

        return Reads[0].Name;
    }

    private static async Task ReadAsync(ApiCaller api, LoadPlayer player, string read, Random random, MixResult result, Stopwatch clock, CancellationToken cancellationToken)
    {
        var credential = player.Cookie ?? player.ApiToken;
        var snapshot = player.LatestSnapshot!;
        var (code, ms) = read switch
        {
            "GetSnapshot" => Outcome(await api.CallAsync("SnapshotService/GetSnapshot", new GrpcV1.GetSnapshotRequest { LatestForRegion = GrpcV1.Region.Jp },
                GrpcV1.GetSnapshotResponse.Parser, credential, cancellationToken)),
            "ListScores" => Outcome(await api.CallAsync("SnapshotService/ListScores", new GrpcV1.ListScoresRequest { SnapshotId = snapshot, PageSize = 100 },
                GrpcV1.ListScoresResponse.Parser, credential, cancellationToken)),
            "ListRecentPlays" => Outcome(await api.CallAsync("SnapshotService/ListRecentPlays", new GrpcV1.ListRecentPlaysRequest { SnapshotId = snapshot, PageSize = 50 },
                GrpcV1.ListRecentPlaysResponse.Parser, credential, cancellationToken)),
            "GetRating" => Outcome(await api.CallAsync("InsightsService/GetRating", new GrpcV1.GetRatingRequest { SnapshotId = snapshot },
                GrpcV1.GetRatingResponse.Parser, credential, cancellationToken)),
            "GetSnapshotDiff" => Outcome(await api.CallAsync("InsightsService/GetSnapshotDiff",
                new GrpcV1.GetSnapshotDiffRequest { SnapshotId = snapshot, PreviousSnapshotId = player.PreviousSnapshot! },
                GrpcV1.GetSnapshotDiffResponse.Parser, credential, cancellationToken)),
            _ => Outcome(await api.CallAsync("SongService/ListSongs", new GrpcV1.ListSongsRequest { Query = SongQueries[random.Next(SongQueries.Length)], PageSize = 50 },
                GrpcV1.ListSongsResponse.Parser, credential, cancellationToken)),
        };
        result.Record(read + (player.Cookie is null ? " (gRPC)" : " (gRPC-Web)"), code, ms, clock);
    }

    private static async Task StartFetchAsync(ApiCaller api, LoadPlayer player, MixResult result, Stopwatch clock, CancellationToken cancellationToken)
    {
        var answer = await api.CallAsync("FetchService/StartFetch", new GrpcV1.StartFetchRequest { Region = GrpcV1.Region.Intl },
            GrpcV1.StartFetchResponse.Parser, player.ApiToken, cancellationToken);
        if (answer.Reply is { Fetch: { } fetch })
        {
            result.Fetches.TryAdd(fetch.Id, player.ApiToken);
        }

        // Inside one player's rate limit the API says RESOURCE_EXHAUSTED with RetryInfo: the product working, not a failure.
        result.Record("StartFetch (gRPC)", answer.Code == "RESOURCE_EXHAUSTED" ? "OK" : answer.Code, answer.Milliseconds, clock);
    }

    private static (string Code, double Ms) Outcome<T>(ApiAnswer<T> answer)
        where T : class, IMessage<T> => (answer.Code, answer.Milliseconds);
}
