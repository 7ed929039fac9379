using System.Data.Common;
using Maimai.Core.Game;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Time;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Fetching;

/// <summary>
/// Finds fetches whose silo is gone, so they end even when nobody asks about them: every silo, at start-up and
/// then every <see cref="FetchOptions.SweepInterval"/>, looks at the pending and running rows and, for each whose
/// owner is dead or unknown to the cluster or whose lease ran out, asks its <see cref="IUserRegionGrain"/> to
/// settle it. The grain (activated on a live silo) fails it as NODE_LOST with a conditional update, so several
/// sweeping silos fail each lost fetch once. A lost fetch keeps the rate-limit minute it took when it started.
/// A fetch lost (or released at a shutdown) in its detail phase is resumed by the grain instead, so the start-up
/// sweep of a restarted silo, or the next sweep of a surviving one, carries its queue on without a new fetch.
/// </summary>
internal sealed class LostFetchSweeper(FetchRepository fetches, FetchRunner runner, FetchLiveness liveness, IGrainFactory grains,
    IOptions<FetchOptions> options, [FromKeyedServices(ServiceClock.Key)] TimeProvider time, ILogger<LostFetchSweeper> logger) : BackgroundService
{
    private readonly TaskCompletionSource _firstSweep = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the start-up sweep (successful or not).</summary>
    public Task FirstSweep => _firstSweep.Task;

    /// <summary>A grain call that takes longer is given up until the next sweep; normally one takes milliseconds.</summary>
    internal static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Sweeps once now; returns how many lost fetches a grain settled.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lost = new List<FetchRow>();
        foreach (var fetch in await fetches.ListActiveAsync(cancellationToken))
        {
            if (runner.Find(fetch.Id) is null && await liveness.IsLostAsync(fetch, now, refresh: false, cancellationToken))
            {
                lost.Add(fetch);
            }
        }

        return await SettleEachAsync(lost,
            (fetch, token) => grains.GetGrain<IUserRegionGrain>(fetch.UserId, fetch.Region.ToName()).SettleAsync(fetch.Id).WaitAsync(token),
            SettleTimeout, (fetch, e) => FetchLog.SettleFailed(logger, fetch.Id, e.Message), cancellationToken);
    }

    /// <summary>
    /// One bounded call per lost fetch, a few at once; one that fails or times out is logged and left for the next
    /// sweep. A grain still registered on a silo that stopped answering (SIGSTOP, a frozen VM) holds its call for
    /// Orleans' response timeout: it must not hold back every other lost fetch, as one loop that stopped at the first
    /// failure did. Returns how many were settled.
    /// </summary>
    internal static async Task<int> SettleEachAsync<T>(IReadOnlyList<T> lost, Func<T, CancellationToken, Task> settle, TimeSpan timeout,
        Action<T, Exception> failed, CancellationToken cancellationToken)
    {
        var settled = 0;
        await Parallel.ForEachAsync(lost, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (fetch, token) =>
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(token);
            bounded.CancelAfter(timeout);
            try
            {
                await settle(fetch, bounded.Token);
                Interlocked.Increment(ref settled);
            }
            catch (Exception e) when (IsAway(e) || (e is OperationCanceledException && !token.IsCancellationRequested))
            {
                failed(fetch, e);
            }
        });
        return settled;
    }

    // The database or a grain's silo away for a moment: the next sweep asks again.
    private static bool IsAway(Exception e) => e is DbException or TimeoutException or OrleansException;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (IsAway(e))
            {
                // The database or the grain's silo is away for a moment: the next sweep asks again.
                FetchLog.SweepFailed(logger, e.Message);
            }

            _firstSweep.TrySetResult();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
