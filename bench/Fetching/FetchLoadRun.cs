using System.Diagnostics;
using Dapper;
using Maimai.Core.Accounts;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Fetching;
using Maimai.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Metadata;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Benchmarks.Fetching;

/// <summary>One simulated player: a Silo user with an API token and a saved maimai token (its own DX NET session).</summary>
internal sealed record LoadUser(long Id, string ApiToken);

/// <summary>How one fetch went, seen from its client: StartFetch sent to the terminal message (at <paramref name="Ended"/>, a Stopwatch timestamp).</summary>
internal sealed record FetchOutcome(TimeSpan Duration, string Result, int Messages, bool WatchEndedEarly, long Ended);

/// <summary>
/// The phases, inside the running Silo: set-up (users, tokens, sessions), one warm-up fetch, N StartFetch calls
/// released at once and each watched (WatchFetch) to its end, the idle activations measured and then collected
/// by Orleans once idle for the collection age (real time), and last the baseline: fetches one at a time.
/// </summary>
internal sealed class FetchLoadRun(FetchLoadSettings settings, IServiceProvider services, Uri grpc, SimulatorProcess simulator,
    ResourceSampler sampler)
{
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(30);

    // The tag Orleans' meter gives UserRegionGrain's activations.
    private readonly string _grainType = services.GetRequiredService<GrainTypeResolver>().GetGrainType(typeof(UserRegionGrain)).ToString();

    public async Task<FetchLoadResult> RunAsync(CancellationToken cancellationToken)
    {
        var setupStart = Stopwatch.GetTimestamp();
        var users = await CreateUsersAsync(settings.Users + settings.Baseline + 1, cancellationToken);
        var setupSeconds = MachineState.Seconds(setupStart);
        var state = await simulator.StateAsync();
        using var client = new FetchApiClient(grpc);

        // Warm-up: JIT, connection pools, the plugin's first use. Not counted.
        var warm = await FetchAsync(client, users[^1], cancellationToken);
        Console.WriteLine($"warm-up fetch: {warm.Result} in {warm.Duration.TotalSeconds:N1} s");
        var requestsBefore = await simulator.RequestCountAsync();

        // All at once: every task waits on one gate, then StartFetch, then WatchFetch to the end.
        GC.Collect();
        sampler.ResetPeaks();
        var loadAtStart = MachineState.Now().LoadAverage;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var phase = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        phase.CancelAfter(PhaseTimeout);
        var tasks = users.Take(settings.Users).Select(u => Task.Run(async () =>
        {
            await gate.Task;
            return await FetchAsync(client, u, phase.Token);
        })).ToList();
        var wall = Stopwatch.StartNew();
        gate.SetResult();
        var outcomes = await Task.WhenAll(tasks);
        wall.Stop();
        var requests = await simulator.RequestCountAsync() - requestsBefore;
        var concurrent = new ConcurrentFigures(outcomes, wall.Elapsed, requests, loadAtStart,
            sampler.WorkingSetPeak, sampler.HeapPeak, ResourceSampler.PeakResidentBytes(),
            ResourceSampler.PeakResidentBytes(simulator.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            sampler.ActivationsPeak(_grainType), sampler.Rejections, await CountSnapshotsAsync(users.Take(settings.Users), cancellationToken));
        Console.WriteLine($"{settings.Users} fetches at once: {wall.Elapsed.TotalSeconds:N1} s");

        // Its HTTP/2 connections would close on their own after a minute idle, in the middle of the idle measurement
        // (disposing twice is harmless).
        client.Dispose();
        var idle = await MeasureIdleActivationsAsync(outcomes, cancellationToken);
        Console.WriteLine($"idle activations: {idle.Before} -> {idle.After}, {idle.CollectedIn.TotalSeconds:N1} s after the last fetch ended");

        // Baseline: the same fetch, one at a time, by users not used above.
        using var baselineClient = new FetchApiClient(grpc);
        var sequential = new List<FetchOutcome>();
        var baselineRequestsBefore = await simulator.RequestCountAsync();
        var sequentialWall = Stopwatch.StartNew();
        foreach (var user in users.Skip(settings.Users).Take(settings.Baseline))
        {
            sequential.Add(await FetchAsync(baselineClient, user, cancellationToken));
        }

        sequentialWall.Stop();
        var baselineRequests = await simulator.RequestCountAsync() - baselineRequestsBefore;
        var collection = services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
        return new FetchLoadResult(state, setupSeconds, concurrent, idle, sequential, sequentialWall.Elapsed, baselineRequests,
            _grainType, collection.CollectionAge, collection.CollectionQuantum);
    }

    private async Task<IReadOnlyList<LoadUser>> CreateUsersAsync(int count, CancellationToken cancellationToken)
    {
        var accounts = services.GetRequiredService<IAccountStore>();
        var tokens = services.GetRequiredService<IDxNetTokenStore>();
        var users = new LoadUser[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var account = await accounts.CreateLocalUserAsync($"load-{i}", isAdmin: false, ct);
                var api = await accounts.CreateApiTokenAsync(account.Id, "fetch-load", ct)
                    ?? throw new InvalidOperationException($"user {account.Id} vanished before its API token was made");
                await tokens.SetAsync(account.Id, CoreRegion.Intl, "userId=" + await simulator.LoginAsync(), ct);
                users[i] = new LoadUser(account.Id, api.Plaintext);
            });
        return users;
    }

    /// <summary>StartFetch, then WatchFetch until COMPLETED or FAILED; GetFetch polling only if the watch ends early.</summary>
    private static async Task<FetchOutcome> FetchAsync(FetchApiClient client, LoadUser user, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var started = await client.StartFetchAsync(user.ApiToken, cancellationToken);
            if (started.Status != 0)
            {
                return new FetchOutcome(Stopwatch.GetElapsedTime(start), $"StartFetch status {started.Status}: {started.Message}", 0, false, Stopwatch.GetTimestamp());
            }

            var id = started.Messages[0].Fetch.Id;
            Fetch? last = null;
            var watch = await client.WatchFetchAsync(user.ApiToken, id, f => last = f, cancellationToken);
            var early = watch.Status != 0 || last is null || !IsTerminal(last);
            while (last is null || !IsTerminal(last))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                var got = await client.GetFetchAsync(user.ApiToken, id, cancellationToken);
                last = got.Status == 0 ? got.Messages[0].Fetch : last;
            }

            var result = last.State == FetchState.Completed ? "COMPLETED" : $"FAILED {last.ErrorCode}: {last.ErrorMessage}";
            return new FetchOutcome(Stopwatch.GetElapsedTime(start), result, watch.Messages.Count, early, Stopwatch.GetTimestamp());
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or InvalidDataException)
        {
            return new FetchOutcome(Stopwatch.GetElapsedTime(start), $"client error {e.GetType().Name}: {e.Message}", 0, true, Stopwatch.GetTimestamp());
        }
    }

    private static bool IsTerminal(Fetch fetch) => fetch.State is FetchState.Completed or FetchState.Failed;

    /// <summary>
    /// Orleans collects each activation once it has been idle for Cluster:GrainCollection:CollectionAge (real
    /// time): a grain goes idle when its fetch ends, so collection starts one age after the first fetch of the
    /// load ended and is over one age (and a quantum) after the last. The managed heap is read just before that
    /// start and again once the count is zero: the difference per activation collected is the memory an idle
    /// activation holds. A reading 10 s before the first gives the drift with nothing collected. If the age is too
    /// short to wait for the load to settle (a smoke run), the readings come 2 s apart right after the load.
    /// </summary>
    private async Task<IdleFigures> MeasureIdleActivationsAsync(IReadOnlyList<FetchOutcome> outcomes, CancellationToken cancellationToken)
    {
        var collection = services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
        var (firstIdle, lastIdle) = (outcomes.Min(o => o.Ended), outcomes.Max(o => o.Ended));
        TimeSpan Since(long timestamp) => Stopwatch.GetElapsedTime(timestamp);

        // Just before the first activation of the load is collected; until then the load settles (Kestrel's and
        // Npgsql's pools give back what they no longer need).
        var start = collection.CollectionAge - TimeSpan.FromSeconds(3);
        TimeSpan Remaining() => TimeSpan.FromTicks(Math.Max(0, (start - Since(firstIdle)).Ticks));
        var drift = TimeSpan.FromSeconds(10);
        var settles = Remaining() > drift + TimeSpan.FromSeconds(2);
        await Task.Delay(settles ? Remaining() - drift : TimeSpan.FromSeconds(2), cancellationToken);
        var settled = Stopwatch.GetTimestamp();
        var early = (Heap: GC.GetTotalMemory(forceFullCollection: true), Count: sampler.Activations(_grainType));
        await Task.Delay(settles ? Remaining() : TimeSpan.FromSeconds(2), cancellationToken);
        var driftWindow = Since(settled);
        var resident = (Heap: GC.GetTotalMemory(forceFullCollection: true), Count: sampler.Activations(_grainType));
        var others = sampler.ActivationsByType().Where(p => p.Key != _grainType && p.Value != 0).ToDictionary();

        // Every one is due one age (and a quantum) after the last fetch ended; a few are seen to go only on a later
        // pass (smoke run: 4 of 100), so the wait allows a second age and counts those still there when due.
        var due = collection.CollectionAge + collection.CollectionQuantum + TimeSpan.FromSeconds(5);
        var limit = 2 * collection.CollectionAge + collection.CollectionQuantum + TimeSpan.FromSeconds(30);
        long late = 0;
        var dueSeen = false;
        while (sampler.Activations(_grainType) is var left and > 0 && Since(lastIdle) < limit)
        {
            if (!dueSeen && Since(lastIdle) >= due)
            {
                (dueSeen, late) = (true, left);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        var collectedIn = Since(lastIdle);
        var after = sampler.Activations(_grainType);
        var collectedHeap = GC.GetTotalMemory(forceFullCollection: true);
        return new IdleFigures(early.Count, resident.Count, after, late, collectedIn, early.Heap, resident.Heap, collectedHeap, driftWindow, settles, others);
    }

    private async Task<long> CountSnapshotsAsync(IEnumerable<LoadUser> users, CancellationToken cancellationToken)
    {
        await using var connection = await services.GetRequiredService<Database>().OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM user_snapshots WHERE user_id = ANY(@Ids)",
            new { Ids = users.Select(u => u.Id).ToArray() });
    }
}
