using Npgsql;
using Maimai.Core.Fetching;
using Maimai.Silo.Fetching.Internal;
using Maimai.Silo.Storage;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// PostgreSQL restarts while a fetch is committing (its own cluster, so other tests keep theirs): the
/// transaction is lost, the fetch is failed as INTERNAL once the database is back, the earlier data is intact,
/// watchers learn the end, whether they watched through the restart or asked after it, and the next fetch works
/// with the session the failed one kept.
/// </summary>
public sealed class FetchDatabaseRestartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_database_restart_mid_commit_fails_the_fetch_once_the_database_is_back_and_saves_nothing()
    {
        await using var cluster = await PostgresCluster.StartAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await using var world = await FetchWorld.CreateAsync(await cluster.CreateDatabaseAsync("restart").WaitAsync(Timeout));
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

        // A watcher that is already watching when the database goes away; the restart waits until it is in place.
        using var cancel = new CancellationTokenSource(Timeout);
        var stream = await node.Coordinator.WatchFetchAsync(world.UserId, outcome.Fetch.Id, cancel.Token).WaitAsync(cancel.Token);
        Assert.NotNull(stream);
        var through = CollectAsync(stream, cancel.Token);
        probe.Proceed();
        await probe.Restarted.WaitAsync(Timeout);

        // A watcher that asks after the restart: the first lookup may meet a pooled connection that died with the
        // server, which is UNAVAILABLE (retry), never "not found".
        var after = await WatchAfterRestartAsync(node, world.UserId, outcome.Fetch.Id);
        var seenThrough = await through.WaitAsync(Timeout);

        foreach (var end in new[] { seenThrough[^1], after[^1] })
        {
            Assert.True(end.State == FetchState.Failed, $"{end.State} {end.ErrorMessage}\n{node.Logs}");
            Assert.Equal(FetchErrorCode.Internal, end.ErrorCode);
            Assert.Contains("database was unavailable", end.ErrorMessage, StringComparison.Ordinal);
        }

        // The test's own pool met the restart too: its idle connections died with the server.
        ((NpgsqlDataSource)world.Database.DataSource).Clear();
        Assert.Equal(before, await world.DumpAsync());

        // The session the site rotated to was stored with the failure: the next fetch needs no new token.
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var next = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(next.State == FetchState.Completed, $"{next.ErrorCode}: {next.ErrorMessage}\n{node.Logs}");
    }

    [Fact]
    public async Task While_the_database_is_down_fetch_lookups_fail_as_unavailable_never_as_not_found()
    {
        await using var cluster = await PostgresCluster.StartAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await using var world = await FetchWorld.CreateAsync(await cluster.CreateDatabaseAsync("down").WaitAsync(Timeout));
        var node = await world.StartNodeAsync();
        var done = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.Equal(FetchState.Completed, done.State);

        await cluster.StopServerAsync().WaitAsync(Timeout);
        try
        {
            var get = await Assert.ThrowsAnyAsync<Exception>(() => node.Coordinator.GetFetchAsync(world.UserId, done.Id, CancellationToken.None).WaitAsync(Timeout));
            Assert.True(StorageFailures.IsTransient(get), get.ToString());
            var watch = await Assert.ThrowsAnyAsync<Exception>(() => node.Coordinator.WatchFetchAsync(world.UserId, done.Id, CancellationToken.None).WaitAsync(Timeout));
            Assert.True(StorageFailures.IsTransient(watch), watch.ToString());
        }
        finally
        {
            await cluster.StartServerAsync().WaitAsync(Timeout);
        }

        // Back: the same lookups find the fetch (after at most a few connections that died with the server).
        var found = await RetryWhileUnavailableAsync(() => node.Coordinator.GetFetchAsync(world.UserId, done.Id, CancellationToken.None));
        Assert.Equal(done, found);
        Assert.Null(await node.Coordinator.GetFetchAsync(world.UserId, done.Id + 1000, CancellationToken.None).WaitAsync(Timeout));
    }

    private static async Task<IReadOnlyList<FetchStatus>> WatchAfterRestartAsync(FetchTestNode node, long userId, long fetchId)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var stream = await RetryWhileUnavailableAsync(() => node.Coordinator.WatchFetchAsync(userId, fetchId, cancel.Token));
        Assert.NotNull(stream);
        return await CollectAsync(stream, cancel.Token);
    }

    private static async Task<IReadOnlyList<FetchStatus>> CollectAsync(IAsyncEnumerable<FetchStatus> stream, CancellationToken cancellationToken)
    {
        var seen = new List<FetchStatus>();
        await foreach (var status in stream.WithCancellation(cancellationToken))
        {
            seen.Add(status);
        }

        return seen;
    }

    /// <summary>What a client does with UNAVAILABLE: try again, for a bounded time, while the failure is transient.</summary>
    private static async Task<T> RetryWhileUnavailableAsync<T>(Func<Task<T>> call)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(deadline.Token);
            }
            catch (Exception e) when (StorageFailures.IsTransient(e) && attempt < 10 && !deadline.IsCancellationRequested)
            {
                // The next attempt gets a fresh connection: Npgsql drops its pool when one of them breaks.
            }
        }
    }

    private sealed class RestartingProbe(PostgresCluster cluster) : IFetchCommitProbe
    {
        private readonly TaskCompletionSource _proceed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool Armed;

        public Task Restarted => _restarted.Task;

        public void Proceed() => _proceed.TrySetResult();

        public async Task BeforeCommitAsync(FetchStatus fetch, CancellationToken cancellationToken)
        {
            if (Armed)
            {
                Armed = false;
                await _proceed.Task.WaitAsync(Timeout, cancellationToken);
                await cluster.RestartAsync().WaitAsync(Timeout, cancellationToken);
                _restarted.TrySetResult();
            }
        }
    }
}
