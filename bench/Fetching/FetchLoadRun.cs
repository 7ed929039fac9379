using System.Diagnostics;
using Dapper;
using Maimai.Core.Accounts;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Benchmarks.Fetching;

/// <summary>One simulated player: a Silo user with an API token and a saved maimai token (its own DX NET session).</summary>
internal sealed record LoadUser(long Id, string ApiToken);

/// <summary>How one fetch went, seen from its client: StartFetch sent to the terminal message.</summary>
internal sealed record FetchOutcome(TimeSpan Duration, string Result, int Messages, bool WatchEndedEarly);

/// <summary>
/// The phases, inside the running Silo: set-up (users, tokens, sessions), one warm-up fetch, N StartFetch calls
/// released at once and each watched (WatchFetch) to its end, the idle activations measured and then collected
/// (the Silo's clock moved past the collection age), and last the baseline: fetches one at a time.
/// </summary>
internal sealed class FetchLoadRun(FetchLoadSettings settings, IServiceProvider services, Uri grpc, SimulatorProcess simulator,
    ResourceSampler sampler, BenchClock clock)
{
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(30);

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
            sampler.ActivationsPeak, sampler.Rejections, await CountSnapshotsAsync(users.Take(settings.Users), cancellationToken));
        Console.WriteLine($"{settings.Users} fetches at once: {wall.Elapsed.TotalSeconds:N1} s");

        var idle = await MeasureIdleActivationsAsync(cancellationToken);

        // Baseline: the same fetch, one at a time, by users not used above.
        var sequential = new List<FetchOutcome>();
        var baselineRequestsBefore = await simulator.RequestCountAsync();
        var sequentialWall = Stopwatch.StartNew();
        foreach (var user in users.Skip(settings.Users).Take(settings.Baseline))
        {
            sequential.Add(await FetchAsync(client, user, cancellationToken));
        }

        sequentialWall.Stop();
        var baselineRequests = await simulator.RequestCountAsync() - baselineRequestsBefore;
        return new FetchLoadResult(state, setupSeconds, concurrent, idle, sequential, sequentialWall.Elapsed, baselineRequests);
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
                return new FetchOutcome(Stopwatch.GetElapsedTime(start), $"StartFetch status {started.Status}: {started.Message}", 0, false);
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
            return new FetchOutcome(Stopwatch.GetElapsedTime(start), result, watch.Messages.Count, early);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or InvalidDataException)
        {
            return new FetchOutcome(Stopwatch.GetElapsedTime(start), $"client error {e.GetType().Name}: {e.Message}", 0, true);
        }
    }

    private static bool IsTerminal(Fetch fetch) => fetch.State is FetchState.Completed or FetchState.Failed;

    /// <summary>
    /// Managed heap with every activation of the run resident and idle, then the Silo's clock moved past the
    /// collection age and the heap again once the collector has deactivated them: the difference per activation.
    /// </summary>
    private async Task<IdleFigures> MeasureIdleActivationsAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // let the last watch streams and commits wind down
        var resident = GC.GetTotalMemory(forceFullCollection: true);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var residentAgain = GC.GetTotalMemory(forceFullCollection: true); // drift with nothing collected: the noise floor
        var before = sampler.Activations;
        var advanced = Stopwatch.GetTimestamp();
        clock.Advance(FetchLoadBenchmark.CollectionAge + TimeSpan.FromMinutes(1));
        while (sampler.Activations > 0 && Stopwatch.GetElapsedTime(advanced) < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        var collectedIn = Stopwatch.GetElapsedTime(advanced);
        var after = sampler.Activations;
        var collectedHeap = GC.GetTotalMemory(forceFullCollection: true);
        return new IdleFigures(before, after, collectedIn, resident, residentAgain, collectedHeap);
    }

    private async Task<long> CountSnapshotsAsync(IEnumerable<LoadUser> users, CancellationToken cancellationToken)
    {
        await using var connection = await services.GetRequiredService<Database>().OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM user_snapshots WHERE user_id = ANY(@Ids)",
            new { Ids = users.Select(u => u.Id).ToArray() });
    }
}
