using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Scores;
using Maimai.Testing;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>
/// Deleting snapshots never changes what another snapshot reads: every snapshot's full score set is read before,
/// snapshots are deleted one by one in a shuffled order, and each remaining one must read exactly what it read.
/// </summary>
public sealed class SnapshotRemovalTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Taken = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_remaining_snapshot_reads_the_same_scores_whichever_is_deleted(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync("owner");
        var other = await db.AddUserAsync("other");
        var charts = await db.AddChartsAsync(8);
        var scores = new ScoreRepository(db.Database);
        var random = new Random(1234);

        // 12 snapshots; each changes a few charts and leaves the rest, so versions start at many different snapshots.
        var current = new Dictionary<int, ChartScore>();
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            foreach (var chart in charts.Where(_ => random.Next(3) == 0 || current.Count == 0))
            {
                current[chart] = new ChartScore(chart, new Achievement(900_000 + (i * 1000) + chart), 100 + i, ComboLamp.None, SyncLamp.None, i + 1, null);
            }

            ids.Add((await scores.WriteSnapshotAsync(db.Database, new SnapshotWrite(user, Region.Jp, Taken.AddDays(i), null, new PlayerProfile("P"), [.. current.Values])).WaitAsync(Timeout)).SnapshotId);
        }

        var otherSnapshot = (await scores.WriteSnapshotAsync(db.Database, new SnapshotWrite(other, Region.Jp, Taken, null, new PlayerProfile("O"),
            [new ChartScore(charts[0], new Achievement(1_000_000), 1, ComboLamp.FullCombo, SyncLamp.None, 1, null)])).WaitAsync(Timeout)).SnapshotId;
        var before = new Dictionary<long, List<ChartScore>>();
        foreach (var id in ids)
        {
            before[id] = await ReadAsync(scores, user, id);
        }

        var otherBefore = await ReadAsync(scores, other, otherSnapshot);
        var removal = new SnapshotRemoval(db.Database, TimeProvider.System);
        var remaining = ids.ToList();
        foreach (var doomed in ids.OrderBy(_ => random.Next()).Take(11))
        {
            // Another user cannot delete it; the owner can, once.
            Assert.False(await removal.DeleteAsync(other, doomed, AuditActor.User(other)).WaitAsync(Timeout));
            Assert.True(await removal.DeleteAsync(user, doomed, AuditActor.User(user)).WaitAsync(Timeout));
            Assert.False(await removal.DeleteAsync(user, doomed, AuditActor.User(user)).WaitAsync(Timeout));
            remaining.Remove(doomed);
            Assert.Empty(await scores.ReadSnapshotScoresAsync(user, Region.Jp, doomed).WaitAsync(Timeout));
            foreach (var kept in remaining)
            {
                Assert.Equal(before[kept], await ReadAsync(scores, user, kept));
            }

            // The latest is whichever of the remaining came last.
            Assert.Equal(remaining.Max(), (await new SnapshotRepository(db.Database).GetLatestAsync(user, Region.Jp).WaitAsync(Timeout))!.Id);
        }

        Assert.Equal(otherBefore, await ReadAsync(scores, other, otherSnapshot));
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);

        // Nothing is kept that no snapshot reads: the last one left holds one version per chart it has.
        Assert.Equal(before[remaining[0]].Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM user_scores WHERE user_id = @User", new { User = user }));
        var audit = await new AuditRepository(db.Database).ListAsync(null, 100).WaitAsync(Timeout);
        Assert.Equal(11, audit.Count(e => e is { Action: "delete", Entity: "snapshot" } && e.Actor == AuditActor.User(user)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_fetch_after_deleting_the_latest_snapshot_writes_a_full_diff(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var charts = await db.AddChartsAsync(2);
        var scores = new ScoreRepository(db.Database);
        ChartScore Score(int chart, int achievement) => new(chart, new Achievement(achievement), 1, ComboLamp.None, SyncLamp.None, null, null);
        var first = await scores.WriteSnapshotAsync(db.Database, new SnapshotWrite(user, Region.Intl, Taken, null, new PlayerProfile("P"), [Score(charts[0], 900_000)])).WaitAsync(Timeout);
        var second = await scores.WriteSnapshotAsync(db.Database, new SnapshotWrite(user, Region.Intl, Taken.AddDays(1), null, new PlayerProfile("P"),
            [Score(charts[0], 950_000), Score(charts[1], 800_000)])).WaitAsync(Timeout);

        Assert.True(await new SnapshotRemoval(db.Database, TimeProvider.System).DeleteAsync(user, second.SnapshotId, AuditActor.User(user)).WaitAsync(Timeout));
        Assert.Equal(first.SnapshotId, (await new SnapshotRepository(db.Database).GetLatestAsync(user, Region.Intl).WaitAsync(Timeout))!.Id);

        // The next fetch compares with the snapshot that is now the latest, so it stores what changed since that one.
        var third = await scores.WriteSnapshotAsync(db.Database, new SnapshotWrite(user, Region.Intl, Taken.AddDays(2), null, new PlayerProfile("P"),
            [Score(charts[0], 950_000), Score(charts[1], 800_000)])).WaitAsync(Timeout);
        Assert.Equal(2, third.ScoreVersionsWritten);
        Assert.Equal([Score(charts[0], 950_000), Score(charts[1], 800_000)], await ReadAsync(scores, user, third.SnapshotId));
        Assert.Equal([Score(charts[0], 900_000)], await ReadAsync(scores, user, first.SnapshotId));
    }

    private static async Task<List<ChartScore>> ReadAsync(ScoreRepository scores, long userId, long snapshotId) =>
        [.. (await scores.ReadSnapshotScoresAsync(userId, Region.Jp, snapshotId).WaitAsync(Timeout)).Select(s => s.Score)
            .Concat((await scores.ReadSnapshotScoresAsync(userId, Region.Intl, snapshotId).WaitAsync(Timeout)).Select(s => s.Score))];
}
