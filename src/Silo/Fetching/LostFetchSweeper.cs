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

    /// <summary>Sweeps once now; returns how many fetches it asked a grain to settle.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var asked = 0;
        var now = time.GetUtcNow();
        foreach (var fetch in await fetches.ListActiveAsync(cancellationToken))
        {
            if (runner.Find(fetch.Id) is null && await liveness.IsLostAsync(fetch, now, refresh: false, cancellationToken))
            {
                await grains.GetGrain<IUserRegionGrain>(fetch.UserId, fetch.Region.ToName()).SettleAsync(fetch.Id).WaitAsync(cancellationToken);
                asked++;
            }
        }

        return asked;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbException or TimeoutException or OrleansException)
            {
                // The database or the grain's silo is away for a moment: the next sweep asks again.
                FetchLog.SweepFailed(logger, e.Message);
            }

            _firstSweep.TrySetResult();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
