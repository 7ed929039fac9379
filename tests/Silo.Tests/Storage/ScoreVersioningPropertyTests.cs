using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Silo.Storage.Scores;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>
/// Random sequences of score changes across snapshots: every snapshot rebuilt from versions must equal
/// the naive full copy of what was written. Seeds are fixed; a failure names its seed.
/// </summary>
public sealed class ScoreVersioningPropertyTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const int Sequences = 200;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_snapshot_rebuilt_from_versions_equals_the_full_copy(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var charts = await db.AddChartsAsync(40);
        var repository = new ScoreRepository(db.Database);

        for (var seed = 1; seed <= Sequences; seed++)
        {
            var random = new Random(seed);
            var userId = await db.AddUserAsync("seed-" + seed);
            var region = random.Next(2) == 0 ? Region.Intl : Region.Jp;
            var current = new Dictionary<int, ChartScore>();
            var history = new List<(long SnapshotId, Dictionary<int, ChartScore> Copy)>();
            var snapshots = random.Next(1, 9);
            for (var s = 0; s < snapshots; s++)
            {
                var changed = Mutate(random, charts, current, s);
                var result = await repository.WriteSnapshotAsync(db.Database, new SnapshotWrite(
                    userId, region, DateTimeOffset.UnixEpoch.AddDays(s), null, new PlayerProfile("P"), [.. current.Values]))
                    .WaitAsync(TimeSpan.FromSeconds(30));
                Assert.True(changed == result.ScoreVersionsWritten,
                    $"seed {seed} snapshot {s}: {changed} charts changed but {result.ScoreVersionsWritten} versions were written");
                Assert.Equal(s + 1, result.Seq);
                history.Add((result.SnapshotId, new Dictionary<int, ChartScore>(current)));
            }

            foreach (var (snapshotId, copy) in history)
            {
                var rebuilt = await repository.ReadSnapshotScoresAsync(userId, region, snapshotId).WaitAsync(TimeSpan.FromSeconds(30));
                var expected = copy.Values.OrderBy(c => c.ChartId).ToList();
                Assert.True(expected.SequenceEqual(rebuilt.Select(r => r.Score)),
                    $"seed {seed}: snapshot {snapshotId} rebuilt as {rebuilt.Count} scores, expected {expected.Count}; rerun with this seed to reproduce");
            }
        }
    }

    /// <summary>Changes the full score set the way play does (new charts, better or merely replayed scores) or not at all; returns how many charts changed.</summary>
    private static int Mutate(Random random, IReadOnlyList<int> charts, Dictionary<int, ChartScore> current, int step)
    {
        if (step > 0 && random.Next(4) == 0)
        {
            return 0;
        }

        var start = new Dictionary<int, ChartScore>(current);
        var edits = random.Next(0, 12);
        for (var i = 0; i < edits; i++)
        {
            var chart = charts[random.Next(charts.Count)];
            var time = DateTimeOffset.UnixEpoch.AddDays(step).AddMinutes(random.Next(1440)).AddTicks(random.Next(10_000));
            ChartScore next;
            if (!current.TryGetValue(chart, out var old))
            {
                next = new ChartScore(chart, new Achievement(random.Next(500_000, 1_010_001)), random.Next(0, 3000),
                    (ComboLamp)random.Next(5), (SyncLamp)random.Next(6), random.Next(2) == 0 ? null : 1, random.Next(3) == 0 ? null : time);
            }
            else
            {
                next = random.Next(3) switch
                {
                    0 => old with { Achievement = new Achievement(Math.Min(1_010_000, old.Achievement.TenThousandths + random.Next(1, 5000))) },
                    1 => old with { PlayCount = (old.PlayCount ?? 0) + 1, LastPlayedAt = time },
                    _ => old with { ComboLamp = (ComboLamp)random.Next(5), SyncLamp = (SyncLamp)random.Next(6), DxScore = random.Next(0, 3000) },
                };
            }

            // Stored times keep microseconds.
            current[chart] = next.LastPlayedAt is { } t ? next with { LastPlayedAt = t.AddTicks(-(t.Ticks % 10)) } : next;
        }

        // A chart edited back to its value at the previous snapshot did not change.
        return current.Count(pair => !start.TryGetValue(pair.Key, out var before) || before != pair.Value);
    }
}
