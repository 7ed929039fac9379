using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Silo.Storage.Scores;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>
/// <see cref="ScoreRepository.ChangesBetweenAsync"/> on both providers: for every pair of snapshots it gives exactly
/// what comparing their two full score sets gives, without reading those sets; a version that only changed the level
/// the site displayed is no change.
/// </summary>
public sealed class ScoreChangesTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Taken = new(2026, 1, 20, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Changes_between_any_two_snapshots_match_the_difference_of_their_score_sets(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var other = await db.AddUserAsync("other");
        var charts = await db.AddChartsAsync(40);
        var repository = new ScoreRepository(db.Database);
        var random = new Random(20_260_120);
        var current = new Dictionary<int, ChartScore>();
        var snapshots = new List<(long Id, int Seq)>();
        for (var i = 0; i < 5; i++)
        {
            // Each fetch improves a few charts and plays a few new ones; the rest stay as they were.
            foreach (var chart in charts.OrderBy(_ => random.Next()).Take(random.Next(0, 8)))
            {
                var old = current.GetValueOrDefault(chart);
                var achievement = Math.Min(1_010_000, (old?.Achievement.TenThousandths ?? 900_000) + random.Next(1, 20_000));
                current[chart] = new ChartScore(chart, new Achievement(achievement), achievement / 400, (ComboLamp)random.Next(0, 5), SyncLamp.None, (old?.PlayCount ?? 0) + 1, Taken.AddDays(i),
                    new Level(130 + (7 * random.Next(0, 2))));
            }

            // And the site shows another level beside a score or two that did not move: a version, but no change.
            foreach (var chart in current.Keys.OrderBy(_ => random.Next()).Take(random.Next(0, 3)).ToList())
            {
                current[chart] = current[chart] with { SiteLevel = new Level(current[chart].SiteLevel!.Value.Tenths == 130 ? 137 : 130) };
            }

            var written = await repository.WriteSnapshotAsync(db.Database, new SnapshotWrite(user, Region.Intl, Taken.AddDays(i), null, new PlayerProfile("P"), [.. current.Values])).WaitAsync(Timeout);
            snapshots.Add((written.SnapshotId, written.Seq));
        }

        // Another user's versions in the same seq range must not leak in.
        await repository.WriteSnapshotAsync(db.Database, new SnapshotWrite(other, Region.Intl, Taken, null, new PlayerProfile("O"),
            [new ChartScore(charts[0], new Achievement(1_000_000), 1, ComboLamp.None, SyncLamp.None, 1, null)])).WaitAsync(Timeout);

        for (var a = 0; a < snapshots.Count; a++)
        {
            for (var b = a + 1; b < snapshots.Count; b++)
            {
                var before = (await repository.ReadSnapshotScoresAsync(user, Region.Intl, snapshots[a].Id).WaitAsync(Timeout)).ToDictionary(s => s.Score.ChartId, s => s.Score);
                var after = await repository.ReadSnapshotScoresAsync(user, Region.Intl, snapshots[b].Id).WaitAsync(Timeout);
                var expected = after.Select(s => s.Score).Where(s => !before.TryGetValue(s.ChartId, out var old) || !old.SameScore(s))
                    .Select(s => (before.GetValueOrDefault(s.ChartId), s)).ToList();

                var changes = await repository.ChangesBetweenAsync(user, Region.Intl, snapshots[a].Seq, snapshots[b].Seq).WaitAsync(Timeout);

                Assert.Equal(expected, changes);
            }
        }

        Assert.Empty(await repository.ChangesBetweenAsync(user, Region.Jp, snapshots[0].Seq, snapshots[^1].Seq).WaitAsync(Timeout));
    }
}
