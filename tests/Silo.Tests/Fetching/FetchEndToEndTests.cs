using Dapper;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;
using Maimai.Testing.Postgres;
using Xunit.Abstractions;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// A whole fetch through <see cref="IFetchCoordinator"/>: the real Intl plugin against the simulator, the
/// snapshot, score versions and plays in PostgreSQL, then an unchanged re-fetch that adds no score versions.
/// </summary>
public sealed class FetchEndToEndTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_full_fetch_stores_what_the_site_shows_and_an_unchanged_one_adds_no_score_versions()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var sim = world.Simulator.Snapshot();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = await node.FetchToEndAsync(world.UserId, world.Region);
        output.WriteLine($"full fetch: {clock.ElapsedMilliseconds} ms, {world.Simulator.Requests.Total} requests, {first.PagesDone} pages");
        Assert.True(first.State == FetchState.Completed, $"{first.ErrorCode}: {first.ErrorMessage}\n{node.Logs}");
        Assert.Equal(FetchErrorCode.None, first.ErrorCode);
        Assert.NotNull(first.SnapshotId);

        // The snapshot: the site's profile, its rating, and ours next to it.
        var snapshots = new SnapshotRepository(world.Database);
        var snapshot = (await snapshots.GetAsync(world.UserId, first.SnapshotId!.Value).WaitAsync(TimeSpan.FromSeconds(30)))!;
        Assert.Equal(sim.Profile.Name, snapshot.Profile.PlayerName);
        Assert.Equal(sim.Profile.TotalPlayCount, snapshot.Profile.TotalPlayCount);
        Assert.NotNull(snapshot.Profile.SiteRating);
        Assert.True(snapshot.Rating > 0, "our rating was not computed");
        Assert.Equal(first.Id, snapshot.FetchId);

        // Every played chart, known or discovered, with the site's values.
        var stored = await ScoresByTitleAsync(world, first.SnapshotId.Value);
        var expected = sim.Scores.Select(s =>
        {
            var song = sim.Songs.Single(x => x.Id == s.SongId);
            return $"{song.Title}|{song.Type}|{s.Difficulty}|{s.Achievement.TenThousandths}|{s.DxScore}|{s.ComboLamp}|{s.SyncLamp}|{s.PlayCount}";
        }).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, stored);
        Assert.True(await world.CountAsync("SELECT COUNT(*) FROM charts WHERE discovered") > 0, "no chart was discovered, though songs were left out");
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM songs WHERE discovered AND title = ''"));

        // The recent plays, each with its judgements.
        var plays = await new RecentPlayRepository(world.Database).ListAsync(world.UserId, world.Region, long.MaxValue, long.MaxValue, int.MaxValue, 100)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(sim.Recent.Select(p => (p.UnixTime, p.Track)).Order(), plays.Select(p => (p.PlayedAt, p.Track)).Order());
        Assert.All(plays, p => Assert.NotNull(p.Judgements?.Tap));
        var newest = sim.Recent[0];
        var newestStored = plays.Single(p => p.PlayedAt == newest.UnixTime && p.Track == newest.Track);
        Assert.Equal(newest.Achievement, newestStored.Achievement);
        Assert.Equal(newest.Judgements.Tap.CriticalPerfect, newestStored.Judgements!.Tap!.CriticalPerfect);
        Assert.NotNull(newestStored.ChartId);

        // The token's status shows its use; the rotated session was stored for the next fetch (strict sessions).
        var token = await node.Tokens.GetStatusAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(token.IsSet);
        Assert.NotNull(token.LastUsedAt);
        Assert.Null(token.LastError);

        // A minute later nothing changed on the site: one snapshot row, zero score versions, same score set.
        world.Clock.Advance(TimeSpan.FromSeconds(61));
        world.Simulator.Requests.Reset();
        var second = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(second.State == FetchState.Completed, $"{second.ErrorCode}: {second.ErrorMessage}\n{node.Logs}");
        Assert.NotEqual(first.SnapshotId, second.SnapshotId);
        Assert.Equal(1, world.Simulator.Requests.Total);
        Assert.Equal(0, await world.CountAsync($"SELECT COUNT(*) FROM user_scores WHERE snapshot_id = {second.SnapshotId}"));
        Assert.Equal(stored, await ScoresByTitleAsync(world, second.SnapshotId!.Value));
        var again = (await snapshots.GetAsync(world.UserId, second.SnapshotId.Value).WaitAsync(TimeSpan.FromSeconds(30)))!;
        Assert.Equal(snapshot.Rating, again.Rating);
        Assert.Equal(2, await world.CountAsync("SELECT COUNT(*) FROM fetch_sessions WHERE user_id = @UserId AND state = 'completed'"));

        // The fetch list, newest first, scoped by user.
        var list = await node.Coordinator.ListFetchesAsync(world.UserId, world.Region, null, 10, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([second.Id, first.Id], list.Select(f => f.Id));
        Assert.Empty(await node.Coordinator.ListFetchesAsync(world.UserId + 1, world.Region, null, 10, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(await node.Coordinator.GetFetchAsync(world.UserId + 1, first.Id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(await node.Coordinator.WatchFetchAsync(world.UserId + 1, first.Id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(node.Logs.Errors);
    }

    [Fact]
    public async Task New_plays_after_a_fetch_add_only_the_changed_score_versions_and_the_new_plays()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var first = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(first.State == FetchState.Completed, $"{first.ErrorMessage}\n{node.Logs}");

        var before = world.Simulator.Snapshot();
        world.Simulator.AddPlays(3);
        var after = world.Simulator.Snapshot();
        var changed = after.Scores.Count(s => before.ScoreOf(s.SongId, s.Difficulty) is not { } old
            || (old.Achievement, old.DxScore, old.ComboLamp, old.SyncLamp) != (s.Achievement, s.DxScore, s.ComboLamp, s.SyncLamp));
        world.Clock.Advance(TimeSpan.FromMinutes(2));

        var second = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(second.State == FetchState.Completed, $"{second.ErrorMessage}\n{node.Logs}");
        Assert.Equal(changed, await world.CountAsync($"SELECT COUNT(*) FROM user_scores WHERE snapshot_id = {second.SnapshotId}"));
        Assert.Equal(53, await world.CountAsync("SELECT COUNT(*) FROM detailed_scores WHERE user_id = @UserId"));
    }

    private static async Task<List<string>> ScoresByTitleAsync(FetchWorld world, long snapshotId)
    {
        var scores = await new ScoreRepository(world.Database).ReadSnapshotScoresAsync(world.UserId, world.Region, snapshotId).WaitAsync(TimeSpan.FromSeconds(30));
        await using var connection = await world.Database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var charts = (await connection.QueryAsync<(int Id, string Title, int Type, int Difficulty)>(
            "SELECT c.id, s.title, c.chart_type, c.difficulty FROM charts c JOIN songs s ON s.id = c.song_id")).ToDictionary(c => c.Id);
        return [.. scores.Select(s =>
        {
            var c = charts[s.Score.ChartId];
            return $"{c.Title}|{(ChartType)c.Type}|{(Difficulty)c.Difficulty}|{s.Score.Achievement.TenThousandths}|{s.Score.DxScore}|{s.Score.ComboLamp}|{s.Score.SyncLamp}|{s.Score.PlayCount}";
        }).Order(StringComparer.Ordinal)];
    }
}
