using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Silo.Storage.Scores;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>
/// The level DX NET displayed beside a score, on both providers: kept on the score version; a fetch that sees another
/// level for an unchanged score writes a version (so the newest read's level is what the snapshot shows, and the older
/// snapshot keeps its own), which the diff and the chart's history do not count as a change; a fetch that did not read
/// the level (null) writes nothing for it.
/// </summary>
public sealed class ScoreSiteLevelTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Taken = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_level_change_without_a_score_change_is_a_new_version_but_no_change_in_the_diff_or_history(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var charts = await db.AddChartsAsync(2);
        var repository = new ScoreRepository(db.Database);
        ChartScore Score(int chart, int achievement, Level? shown) =>
            new(chart, new Achievement(achievement), 1000, ComboLamp.FullCombo, SyncLamp.None, 4, null, shown);
        Task<SnapshotWriteResult> WriteAsync(int day, params ChartScore[] scores) =>
            repository.WriteSnapshotAsync(db.Database, new SnapshotWrite(user, Region.Jp, Taken.AddDays(day), null, new PlayerProfile("P"), scores)).WaitAsync(Timeout);

        Level? thirteen = new Level(130);
        Level? thirteenPlus = new Level(137);
        var first = await WriteAsync(0, Score(charts[0], 990_000, thirteen), Score(charts[1], 950_000, thirteen));
        // The site now shows chart 0 at 13+; its score did not move. Chart 1 improved at the same level.
        var second = await WriteAsync(1, Score(charts[0], 990_000, thirteenPlus), Score(charts[1], 960_000, thirteen));
        // A read without levels changes nothing.
        var third = await WriteAsync(2, Score(charts[0], 990_000, null), Score(charts[1], 960_000, null));

        Assert.Equal((2, 2, 0), (first.ScoreVersionsWritten, second.ScoreVersionsWritten, third.ScoreVersionsWritten));
        Assert.Equal([(charts[0], thirteen), (charts[1], thirteen)], await LevelsAsync(first.SnapshotId));
        Assert.Equal([(charts[0], thirteenPlus), (charts[1], thirteen)], await LevelsAsync(second.SnapshotId));
        Assert.Equal([(charts[0], thirteenPlus), (charts[1], thirteen)], await LevelsAsync(third.SnapshotId));

        // The diff names only the score that moved.
        var changes = await repository.ChangesBetweenAsync(user, Region.Jp, first.Seq, third.Seq).WaitAsync(Timeout);
        Assert.Equal([(charts[1], 950_000, 960_000)], changes.Select(c => (c.After.ChartId, c.Before!.Achievement.TenThousandths, c.After.Achievement.TenThousandths)));

        // The chart's history keeps one version: the level-only version is no new score.
        var history = await repository.ChartVersionsAsync(user, Region.Jp, charts[0]).WaitAsync(Timeout);
        Assert.Equal([first.SnapshotId], history.Select(v => v.SnapshotId));

        async Task<List<(int, Level?)>> LevelsAsync(long snapshotId) =>
            [.. (await repository.ReadSnapshotScoresAsync(user, Region.Jp, snapshotId).WaitAsync(Timeout)).Select(s => (s.Score.ChartId, s.Score.SiteLevel))];
    }
}
