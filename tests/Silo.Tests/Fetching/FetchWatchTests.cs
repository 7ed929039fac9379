using Dapper;
using Maimai.Core.Fetching;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>WatchFetch: progress as it happens, ending at the terminal state, on the fetch's node and on another.</summary>
public sealed class FetchWatchTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_watcher_sees_progress_and_the_end_on_the_fetching_node()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        world.Simulator.Faults.Latency = TimeSpan.FromMilliseconds(15);

        var started = Assert.IsType<StartFetchOutcome.Started>(
            await node.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        var seen = await node.WatchToEndAsync(world.UserId, started.Fetch.Id);

        AssertProgressThenCompleted(seen);
    }

    [Fact]
    public async Task A_watcher_on_the_other_silo_sees_the_progress_of_a_running_fetch()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var a = await world.StartNodeAsync("node-a");
        var b = await world.StartNodeAsync("node-b");
        world.Simulator.Faults.Latency = TimeSpan.FromMilliseconds(15);

        var started = Assert.IsType<StartFetchOutcome.Started>(
            await a.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        // The fetch runs on the silo Orleans placed the player's grain on; the watcher is the other one.
        await using var connection = await world.Database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var owner = await connection.ExecuteScalarAsync<string>("SELECT node_id FROM fetch_sessions WHERE id = @Id", new { started.Fetch.Id });
        var watcher = owner == a.SiloId ? b : a;
        Assert.NotEqual(owner, watcher.SiloId);
        var seen = await watcher.WatchToEndAsync(world.UserId, started.Fetch.Id);

        // The watcher's silo re-reads the row only every 10 minutes here (the fake clock never gets there): all it saw
        // came live from the grain's stream, through Orleans.
        AssertProgressThenCompleted(seen);
    }

    private static void AssertProgressThenCompleted(IReadOnlyList<FetchStatus> seen)
    {
        var progress = seen.Where(s => s.State == FetchState.Running && s.PagesDone > 0).ToList();
        Assert.True(progress.Count >= 3, $"only {progress.Count} progress events: {string.Join(", ", seen.Select(s => $"{s.State}/{s.Stage}/{s.PagesDone}"))}");
        Assert.Equal(progress.Select(p => p.PagesDone).Order(), progress.Select(p => p.PagesDone));
        Assert.Contains(seen, s => s.Stage == FetchStage.PlayDetails);
        Assert.Equal(FetchState.Completed, seen[^1].State);
        Assert.Single(seen, s => s.IsTerminal);
    }
}
