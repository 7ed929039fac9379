using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Silo.Snapshots;
using Maimai.Silo.Storage.Scores;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Tests.Snapshots;

public sealed class SnapshotScoreCacheTests
{
    [Fact]
    public void An_entry_is_served_only_to_its_owner()
    {
        var cache = new SnapshotScoreCache(Options.Create(new SnapshotCacheOptions()));
        cache.Add(Set(1, userId: 10, scores: 3));

        Assert.True(cache.TryGet(1, 10, out var own, out _));
        Assert.Equal(3, own.Scores.Count);
        Assert.False(cache.TryGet(1, 11, out _, out var foreign));
        Assert.True(foreign);
        Assert.False(cache.TryGet(2, 10, out _, out var unknown));
        Assert.False(unknown);
    }

    [Fact]
    public void An_entry_older_than_max_age_is_read_again_and_a_users_entries_go_when_they_delete()
    {
        var clock = new Maimai.Testing.ManualTimeProvider();
        var cache = new SnapshotScoreCache(Options.Create(new SnapshotCacheOptions { MaxAge = TimeSpan.FromMinutes(5) }), clock);
        cache.Add(Set(1, userId: 10, scores: 3));
        cache.Add(Set(2, userId: 11, scores: 3));
        cache.Add(Set(3, userId: 10, scores: 3));

        cache.RemoveUser(10);
        Assert.False(cache.TryGet(1, 10, out _, out _));
        Assert.False(cache.TryGet(3, 10, out _, out _));
        Assert.Equal(1, cache.Count);

        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.True(cache.TryGet(2, 11, out _, out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet(2, 11, out _, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_least_recently_read_sets_go_first_when_the_score_budget_is_spent()
    {
        // Each set weighs its scores plus one: three sets of 4 fit in 15, a fourth evicts the least recently read.
        var cache = new SnapshotScoreCache(Options.Create(new SnapshotCacheOptions { MaxScores = 15 }));
        cache.Add(Set(1, 10, 4));
        cache.Add(Set(2, 10, 4));
        cache.Add(Set(3, 10, 4));
        Assert.True(cache.TryGet(1, 10, out _, out _));
        cache.Add(Set(4, 10, 4));

        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet(1, 10, out _, out _));
        Assert.False(cache.TryGet(2, 10, out _, out _));
        Assert.True(cache.TryGet(4, 10, out _, out _));

        cache.Add(Set(5, 10, 20));
        Assert.False(cache.TryGet(5, 10, out _, out _));
    }

    [Fact]
    public void A_set_with_a_play_count_pending_may_still_fill_and_only_the_stale_entry_itself_is_dropped()
    {
        var cache = new SnapshotScoreCache(Options.Create(new SnapshotCacheOptions()));
        var pending = Set(1, 10, 3); // play counts unknown: a detail page may fill them in
        Assert.True(pending.MayFill);
        var settled = new CachedScoreSet(pending.Snapshot,
            [.. pending.Scores.Select(s => s with { Score = s.Score with { PlayCount = 4, LastPlayedAt = DateTimeOffset.UnixEpoch } })], revision: 7);
        Assert.False(settled.MayFill);
        Assert.Equal(7, settled.Revision);

        // A reader that found its copy stale drops that copy, never a newer one another reader cached meanwhile.
        cache.Add(pending);
        cache.Remove(Set(1, 10, 3));
        Assert.True(cache.TryGet(1, 10, out var kept, out _));
        Assert.Same(pending, kept);
        cache.Remove(pending);
        Assert.False(cache.TryGet(1, 10, out _, out _));
        Assert.Equal(0, cache.Count);
    }

    private static CachedScoreSet Set(long snapshotId, long userId, int scores) => new(
        new Snapshot(snapshotId, userId, Region.Jp, 1, DateTimeOffset.UnixEpoch, null, new PlayerProfile("P")),
        [.. Enumerable.Range(1, scores).Select(c => new StoredScore(new ChartScore(c, new Achievement(1_000_000), 1, ComboLamp.None, SyncLamp.None, null, null), 1))]);
}
