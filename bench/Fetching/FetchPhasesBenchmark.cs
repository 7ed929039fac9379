using System.Diagnostics;
using System.Globalization;
using Maimai.Core.Accounts;
using Maimai.Core.Rating;
using Maimai.Core.Songs;
using Maimai.DxNetSimulator;
using Maimai.Silo.Demo;
using Maimai.Silo.Storage.Songs;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Hosting;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Benchmarks.Fetching;

/// <summary>
/// One player's first fetch, snapshot first and detail after, through the whole product: a throwaway PostgreSQL 15,
/// the DX NET simulator as its own process with a real-sized catalog (seed 7: 1,412 songs, 1,503 played charts),
/// the real Silo in this process, real gRPC. Reports the time until the snapshot is stored (the first WatchFetch
/// message in the DETAIL phase), the requests it took, the detail phase's pace and its duration, and the fetch's own
/// estimates along the way. With --detail-seconds S the detail phase is followed for S seconds only and its
/// duration projected from its pace (at the 1 s gap a full detail phase takes about 18 minutes).
/// Run: dotnet run -c Release --project bench -- fetch-phases [--gap-ms 1000] [--songs 1412] [--detail-seconds S]
/// </summary>
public static class FetchPhasesBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (gap, songs, detailSeconds) = (1000, 1412, 0);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var n = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            (gap, songs, detailSeconds) = args[i] switch
            {
                "--gap-ms" => (n, songs, detailSeconds),
                "--songs" => (gap, n, detailSeconds),
                "--detail-seconds" => (gap, songs, n),
                _ => throw new ArgumentException("unknown option " + args[i]),
            };
        }

        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
        await using var cluster = await PostgresCluster.StartAsync();
        var connectionString = await cluster.CreateDatabaseAsync("fetchphases");
        await using var simulator = await SimulatorProcess.StartAsync(songs);
        var state = await simulator.StateAsync();
        Console.WriteLine($"simulator: {state.Songs} songs, {state.Charts} charts, {state.Scores} played charts, {state.Plays} recent plays; request gap {gap} ms");
        var (http, grpc) = (FreePort.Next(), FreePort.Next());
        string[] silo =
        [
            "--Storage:Provider=Postgres",
            $"--Storage:ConnectionString={connectionString}",
            $"--Ports:Http={http}",
            $"--Ports:Grpc={grpc}",
            $"--Cluster:SiloPort={FreePort.Next()}",
            $"--Plugins:Path={Path.Combine(AppContext.BaseDirectory, "plugins")}",
            $"--Plugins:Intl:SiteBaseUrl={simulator.BaseUrl}",
            $"--Plugins:Intl:LoginGatewayUrl={simulator.BaseUrl}",
            $"--Plugins:Intl:RequestGap={TimeSpan.FromMilliseconds(gap):c}",
            "--Plugins:Intl:Timeout=00:00:30",
            "--Logging:LogLevel:Default=Warning",
        ];

        var code = 1;
        using var stop = new CancellationTokenSource();
        await SiloHost.RunAsync(silo, stop.Token, async (services, ports, ct) =>
        {
            try
            {
                // The songs database knows the catalog, as a deployed one would (an in-process simulator of the same seed
                // and size has the same songs); only the player's charts are then stored, none discovered.
                await using (var catalog = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { SongCount = songs, Seed = 7 }, ct))
                {
                    var imported = await services.GetRequiredService<SongRepository>().ImportAsync(
                        new SongCatalog(SimulatorSongCatalog.SongsOf(catalog.Snapshot(), CurrentVersions.Default)), CoreRegion.Jp, cancellationToken: ct);
                    Console.WriteLine($"songs imported: {imported}");
                }

                var account = await services.GetRequiredService<IAccountStore>().CreateLocalUserAsync("phases", isAdmin: false, ct);
                var api = (await services.GetRequiredService<IAccountStore>().CreateApiTokenAsync(account.Id, "fetch-phases", ct))!;
                await services.GetRequiredService<IDxNetTokenStore>().SetAsync(account.Id, CoreRegion.Intl, "userId=" + await simulator.LoginAsync(), ct);
                using var client = new FetchApiClient(new Uri($"http://127.0.0.1:{ports.Grpc}"));
                code = await FollowAsync(client, api.Plaintext, simulator, detailSeconds, ct);
            }
            finally
            {
                await stop.CancelAsync();
            }
        });
        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return code;
    }

    private static async Task<int> FollowAsync(FetchApiClient client, string token, SimulatorProcess simulator, int detailSeconds, CancellationToken cancellationToken)
    {
        var before = await simulator.RequestCountAsync();
        var clock = Stopwatch.StartNew();
        var started = await client.StartFetchAsync(token, cancellationToken);
        var id = started.Messages[0].Fetch.Id;
        TimeSpan? snapshotAt = null;
        TimeSpan? scrapedAt = null;
        Fetch? atSnapshot = null;
        Fetch? last = null;
        var estimates = new List<string>();
        var nextEstimate = TimeSpan.Zero;
        using var follow = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await client.WatchFetchAsync(token, id, f =>
            {
                last = f;
                if (scrapedAt is null && f.Stage == FetchStage.Saving)
                {
                    scrapedAt = clock.Elapsed; // the snapshot's pages are read; its transaction follows
                }

                if (snapshotAt is null && f.Phase is FetchPhase.Detail or FetchPhase.Done && f.SnapshotId.Length > 0)
                {
                    (snapshotAt, atSnapshot) = (clock.Elapsed, f);
                }

                if (f.Phase == FetchPhase.Detail && clock.Elapsed >= nextEstimate && f.DetailExpectedAt is { } expected && snapshotAt is { } s)
                {
                    var left = expected.ToDateTimeOffset() - DateTimeOffset.UtcNow;
                    estimates.Add($"at {clock.Elapsed.TotalSeconds:N0} s: {f.DetailPagesDone}/{f.DetailPagesTotal} detail pages, estimated {left.TotalSeconds:N0} s left");
                    nextEstimate = clock.Elapsed + TimeSpan.FromSeconds(Math.Max(5, detailSeconds / 6.0));
                }

                if (detailSeconds > 0 && snapshotAt is { } at && clock.Elapsed - at >= TimeSpan.FromSeconds(detailSeconds))
                {
                    follow.Cancel();
                }
            }, follow.Token);
        }
        catch (OperationCanceledException) when (follow.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // followed long enough: the pace is known
        }

        var requests = await simulator.RequestCountAsync() - before;
        Console.WriteLine($"snapshot pages read after {scrapedAt?.TotalSeconds:N2} s; snapshot stored after {snapshotAt?.TotalSeconds:N2} s and {atSnapshot?.PagesDone} pages (state {atSnapshot?.State})");
        foreach (var line in estimates)
        {
            Console.WriteLine("  " + line);
        }

        if (last is null || atSnapshot is null)
        {
            Console.WriteLine("the fetch ended before its snapshot: " + last);
            return 1;
        }

        var detailTime = clock.Elapsed - snapshotAt!.Value;
        var pace = last.DetailPagesDone > 0 ? detailTime / last.DetailPagesDone : TimeSpan.Zero;
        Console.WriteLine(last.State == FetchState.Completed
            ? $"completed after {clock.Elapsed.TotalSeconds:N1} s: detail phase {detailTime.TotalSeconds:N1} s for {last.DetailPagesDone} pages ({pace.TotalMilliseconds:N0} ms a page); {requests} requests in all"
            : $"followed the detail phase {detailTime.TotalSeconds:N1} s: {last.DetailPagesDone}/{last.DetailPagesTotal} pages ({pace.TotalMilliseconds:N0} ms a page), "
              + $"projected detail duration {(pace * last.DetailPagesTotal).TotalMinutes:N1} min; {requests} requests so far");
        foreach (var stage in last.PagesRequested)
        {
            Console.WriteLine($"  {stage.Stage}: {stage.Requests}");
        }

        return 0;
    }
}
