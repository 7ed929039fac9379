using Maimai.Core.Fetching;
using Maimai.Silo.Fetching.Internal;
using Maimai.Silo.Songs;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// Fetches read the songs database from the node's <see cref="SongCache"/>: once for many fetches, again only
/// after a fetch commits discovered charts or an import moves the revision, and never with a failed fetch's discoveries.
/// </summary>
public sealed class FetchSongCacheTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Fetches_share_one_load_which_is_read_again_once_after_a_fetch_commits_discoveries()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var cache = node.Services.GetRequiredService<SongCache>();

        var first = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(first.State == FetchState.Completed, $"{first.ErrorMessage}\n{node.Logs}");
        var discovered = await world.CountAsync("SELECT COUNT(*) FROM charts WHERE discovered");
        Assert.True(discovered > 0, "the first fetch discovered nothing, though songs were left out");
        Assert.Equal(1, cache.Loads);

        // The commit moved the revision, so the next fetch reads the songs again and finds the discoveries known.
        world.Simulator.AddPlays(2);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(second.State == FetchState.Completed, $"{second.ErrorMessage}\n{node.Logs}");
        Assert.Equal(2, cache.Loads);
        Assert.Equal(discovered, await world.CountAsync("SELECT COUNT(*) FROM charts WHERE discovered"));
        var set = await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout);
        Assert.Equal(await world.CountAsync("SELECT COUNT(*) FROM charts"), set.ChartsFor(world.Region).ChartCount);

        // Nothing changed in the songs database: the third fetch reads none of it.
        world.Simulator.AddPlays(2);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(third.State == FetchState.Completed, $"{third.ErrorMessage}\n{node.Logs}");
        Assert.Equal(2, cache.Loads);
        Assert.Same(set, await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout));
        Assert.Empty(node.Logs.Errors);
    }

    [Fact]
    public async Task A_song_import_by_another_process_is_seen_by_the_next_fetch()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var cache = node.Services.GetRequiredService<SongCache>();
        var before = await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout);

        // What `songs import` does in its own process: the left-out songs arrive, the node's cache is not told.
        var import = await world.ImportLeftOutSongsAsync();
        Assert.True(import.SongsAdded > 0);

        var fetch = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(fetch.State == FetchState.Completed, $"{fetch.ErrorMessage}\n{node.Logs}");
        Assert.Equal(2, cache.Loads);
        Assert.NotSame(before, await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM charts WHERE discovered"));
    }

    [Fact]
    public async Task A_fetch_failing_at_commit_leaves_its_discoveries_out_of_the_cache_and_the_database()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var probe = new FailingCommitProbe { Armed = true };
        var node = await world.StartNodeAsync(services: s => s.AddSingleton<IFetchCommitProbe>(probe));
        var cache = node.Services.GetRequiredService<SongCache>();
        var before = await world.DumpAsync();

        var failed = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.Equal(FetchState.Failed, failed.State);
        Assert.True(probe.Struck, "the commit probe never ran, so no discovery was written");
        Assert.Equal(before, await world.DumpAsync());
        var set = await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout);
        Assert.Equal(1, cache.Loads);
        Assert.Equal(await world.CountAsync("SELECT COUNT(*) FROM charts"), set.ChartsFor(world.Region).ChartCount);

        // The next fetch, with the stored token and the session the failed one kept, discovers the same charts
        // afresh and commits them.
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var next = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(next.State == FetchState.Completed, $"{next.ErrorMessage}\n{node.Logs}");
        Assert.True(await world.CountAsync("SELECT COUNT(*) FROM charts WHERE discovered") > 0);
        Assert.NotSame(set, await cache.GetCurrentAsync(default).AsTask().WaitAsync(Timeout));
    }
}
