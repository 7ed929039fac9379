using Maimai.Core.Game;
using Maimai.Core.Rating;

namespace Maimai.Core.Tests.Rating;

/// <summary>
/// Compares the integer calculator with an independent reference written in System.Decimal, which represents
/// every level, percentage and coefficient here exactly, over many random snapshots.
/// </summary>
public sealed class RatingReferenceTests
{
    // The Gen 3 table as published, in percent: the reference never sees the calculator's fixed-point table.
    private static readonly (decimal From, decimal Coefficient)[] Table =
    [
        (100.5m, 22.4m), (100.4999m, 22.2m), (100m, 21.6m), (99.9999m, 21.4m), (99.5m, 21.1m), (99m, 20.8m),
        (98.9999m, 20.6m), (98m, 20.3m), (97m, 20.0m), (96.9999m, 17.6m), (94m, 16.8m), (90m, 15.2m), (80m, 13.6m),
        (79.9999m, 12.8m), (75m, 12.0m), (70m, 11.2m), (60m, 9.6m), (50m, 8.0m), (40m, 6.4m), (30m, 4.8m),
        (20m, 3.2m), (10m, 1.6m), (0m, 0m),
    ];

    private static int ReferenceValue(RatedScore score)
    {
        var percent = score.Achievement.TenThousandths / 10_000m;
        var level = score.RatingLevel.Tenths / 10m;
        var coefficient = Table.First(row => percent >= row.From).Coefficient;
        var value = (int)decimal.Floor(level * Math.Min(percent, 100.5m) * coefficient / 100m);
        return value + (score.ComboLamp is ComboLamp.AllPerfect or ComboLamp.AllPerfectPlus ? 1 : 0);
    }

    private static (int Total, int[] NewIds, int[] OldIds) Reference(IReadOnlyList<RatedScore> scores, int oldestNewCode)
    {
        var rated = scores.Where(s => s.Difficulty != Difficulty.Utage)
            .Select(s => (Score: s, Value: ReferenceValue(s)))
            .ToList();

        int[] Best(IEnumerable<(RatedScore Score, int Value)> charts, int count) => charts
            .OrderByDescending(c => c.Value)
            .ThenByDescending(c => c.Score.Achievement.TenThousandths)
            .ThenBy(c => c.Score.ChartId)
            .Take(count)
            .Select(c => c.Score.ChartId)
            .ToArray();

        var newIds = Best(rated.Where(c => c.Score.VersionCode >= oldestNewCode), 15);
        var oldIds = Best(rated.Where(c => c.Score.VersionCode < oldestNewCode), 35);
        var values = rated.ToDictionary(c => c.Score.ChartId, c => c.Value);
        return (newIds.Concat(oldIds).Sum(id => values[id]), newIds, oldIds);
    }

    private static int RandomAchievement(Random random)
    {
        // Half the time land on or beside a table bound, where off-by-one errors live.
        if (random.Next(2) == 0)
        {
            var bound = (int)(Table[random.Next(Table.Length)].From * 10_000m);
            return Math.Max(0, bound + random.Next(-2, 3));
        }

        return random.Next(4) == 0 ? random.Next(0, 1_010_001) : random.Next(970_000, 1_010_001);
    }

    private static RatedScore RandomScore(Random random, int id)
    {
        var versionCode = GameVersion.All[random.Next(GameVersion.All.Count)].FirstCode + random.Next(0, 20);
        var displayed = new Level((random.Next(1, 16) * 10) + (random.Next(2) == 0 ? 0 : 7));
        Level? internalLevel = random.Next(5) == 0 ? null : new Level(random.Next(10, 151));
        var difficulty = random.Next(20) == 0 ? Difficulty.Utage : (Difficulty)random.Next(0, 5);
        var lamp = (ComboLamp)random.Next(0, 5);
        return new RatedScore(id, versionCode, difficulty, displayed, internalLevel, new Achievement(RandomAchievement(random)), lamp);
    }

    [Fact]
    public void Calculator_matches_a_decimal_reference_on_random_snapshots()
    {
        var random = new Random(20_260_319);
        for (var round = 0; round < 400; round++)
        {
            var count = random.Next(0, 120);
            var ids = Enumerable.Range(1, 10_000).OrderBy(_ => random.Next()).Take(count);
            var scores = ids.Select(id => RandomScore(random, id)).ToList();
            var current = GameVersion.All[random.Next(1, GameVersion.All.Count)];

            var rating = RatingCalculator.Compute(scores, current);
            var (total, newIds, oldIds) = Reference(scores, current.Previous!.FirstCode);

            Assert.Equal(total, rating.Total);
            Assert.Equal(newIds, rating.NewBest.Select(c => c.Score.ChartId));
            Assert.Equal(oldIds, rating.OldBest.Select(c => c.Score.ChartId));
            Assert.All(rating.NewBest.Concat(rating.OldBest), c => Assert.Equal(ReferenceValue(c.Score), c.Value));
        }
    }

    [Fact]
    public void Every_level_and_every_bound_matches_the_reference()
    {
        // Exhaustive over levels 0.0 .. 15.9 and each bound with its neighbours: 160 × 23 × 5 cases.
        foreach (var (from, _) in Table)
        {
            for (var delta = -2; delta <= 2; delta++)
            {
                var achievement = Math.Max(0, (int)(from * 10_000m) + delta);
                for (var tenths = 0; tenths < 160; tenths++)
                {
                    var score = new RatedScore(1, 26000, Difficulty.Master, new Level(tenths), new Level(tenths), new Achievement(achievement), ComboLamp.None);
                    Assert.Equal(ReferenceValue(score), ChartRating.Value(score.RatingLevel, score.Achievement, score.ComboLamp));
                }
            }
        }
    }
}
