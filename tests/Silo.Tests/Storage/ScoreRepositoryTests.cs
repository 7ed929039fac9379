using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Silo.Storage.Scores;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

public sealed class ScoreRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Taken = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unchanged_refetch_costs_one_snapshot_row_and_no_score_rows(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var charts = await db.AddChartsAsync(30);
        var scores = charts.Select(c => new ChartScore(c, new Achievement(990_000 + c), 1000, ComboLamp.FullCombo, SyncLamp.SyncPlay, 3, Taken.AddMinutes(-c))).ToList();
        var repository = new ScoreRepository(db.Database);
        var profile = new PlayerProfile("ＰＬＡＹＥＲ", "title", "Gold", "icon.png", 15000, RatingColor.Rainbow, ClassRank.S2, CourseRank.Dan10, 99, 120, 3400,
            new LampCounts(40, 30, 20, 19, 18, 17, 10, 3, 8, 7, 1, 0, 9, 6, 5, 4, 2, 11, 12, 13, 14, 15));

        var first = await repository.WriteSnapshotAsync(db.Database, new SnapshotWrite(user, Region.Jp, Taken, null, profile, scores, 15010)).WaitAsync(Timeout);
        var second = await repository.WriteSnapshotAsync(db.Database, new SnapshotWrite(user, Region.Jp, Taken.AddHours(1), null, profile, scores, 15010)).WaitAsync(Timeout);

        Assert.Equal((1, 30), (first.Seq, first.ScoreVersionsWritten));
        Assert.Equal((2, 0), (second.Seq, second.ScoreVersionsWritten));
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        Assert.Equal(30, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM user_scores").WaitAsync(Timeout));
        var rebuilt = await repository.ReadSnapshotScoresAsync(user, Region.Jp, second.SnapshotId).WaitAsync(Timeout);
        Assert.Equal(scores, rebuilt.Select(s => s.Score));
        Assert.All(rebuilt, s => Assert.Equal(first.Seq, s.SinceSnapshotSeq));

        var snapshot = await new SnapshotRepository(db.Database).GetAsync(user, second.SnapshotId).WaitAsync(Timeout);
        Assert.NotNull(snapshot);
        Assert.Equal(profile with { LampCounts = null }, snapshot.Profile with { LampCounts = null });
        Assert.Equal(3, snapshot.Profile.LampCounts?.SSSPlus);
        Assert.Equal(profile.LampCounts, snapshot.Profile.LampCounts);
        Assert.Equal(15010, snapshot.Rating);
        Assert.Equal(Taken.AddHours(1), snapshot.TakenAt);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Another_users_snapshot_reads_as_empty(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var owner = await db.AddUserAsync("owner");
        var other = await db.AddUserAsync("other");
        var charts = await db.AddChartsAsync(3);
        var repository = new ScoreRepository(db.Database);
        var written = await repository.WriteSnapshotAsync(db.Database, new SnapshotWrite(owner, Region.Intl, Taken, null, new PlayerProfile("A"),
            [new ChartScore(charts[0], new Achievement(1_000_000), 10, ComboLamp.None, SyncLamp.None, null, null)])).WaitAsync(Timeout);

        Assert.Single(await repository.ReadSnapshotScoresAsync(owner, Region.Intl, written.SnapshotId).WaitAsync(Timeout));
        Assert.Empty(await repository.ReadSnapshotScoresAsync(other, Region.Intl, written.SnapshotId).WaitAsync(Timeout));
        Assert.Empty(await repository.ReadSnapshotScoresAsync(owner, Region.Jp, written.SnapshotId).WaitAsync(Timeout));
        Assert.Null(await new SnapshotRepository(db.Database).GetAsync(other, written.SnapshotId).WaitAsync(Timeout));
    }
}
