using Maimai.Core.Fetching;
using Maimai.Silo.Fetching.Internal;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// PostgreSQL restarts while a fetch is committing (its own cluster, so other tests keep theirs): the
/// transaction is lost, the fetch is failed as INTERNAL once the database is back, and the earlier data is intact.
/// </summary>
public sealed class FetchDatabaseRestartTests
{
    [Fact(Skip = "Quarantined: intermittently the fetch is not found by WatchFetch right after the PostgreSQL restart (GetFetch races the reconnect). Fix the wait, then remove this skip.")]
    public async Task A_database_restart_mid_commit_fails_the_fetch_once_the_database_is_back_and_saves_nothing()
    {
        await using var cluster = await PostgresCluster.StartAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await using var world = await FetchWorld.CreateAsync(await cluster.CreateDatabaseAsync("restart").WaitAsync(TimeSpan.FromSeconds(60)));
        var probe = new RestartingProbe(cluster);
        var node = await world.StartNodeAsync(services: s => s.AddSingleton<IFetchCommitProbe>(probe));
        var first = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(first.State == FetchState.Completed, $"{first.ErrorMessage}\n{node.Logs}");
        var before = await world.DumpAsync();

        world.Simulator.AddPlays(2);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        probe.Armed = true;
        var outcome = Assert.IsType<StartFetchOutcome.Started>(
            await node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        await probe.Restarted.WaitAsync(TimeSpan.FromSeconds(60));

        // The watcher's stream may break with the restart; the row is what counts.
        var end = (await node.WatchToEndAsync(world.UserId, outcome.Fetch.Id))[^1];
        Assert.Equal(FetchState.Failed, end.State);
        Assert.Equal(FetchErrorCode.Internal, end.ErrorCode);
        Assert.Contains("database was unavailable", end.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(before, await world.DumpAsync());
    }

    private sealed class RestartingProbe(PostgresCluster cluster) : IFetchCommitProbe
    {
        private readonly TaskCompletionSource _restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool Armed;

        public Task Restarted => _restarted.Task;

        public async Task BeforeCommitAsync(FetchStatus fetch, CancellationToken cancellationToken)
        {
            if (Armed)
            {
                Armed = false;
                await cluster.RestartAsync().WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
                _restarted.TrySetResult();
            }
        }
    }
}
