using FsCheck;
using FsCheck.Fluent;
using Maimai.Core.Game;
using Maimai.Core.Rating;
using Microsoft.FSharp.Core;

namespace Maimai.Core.Tests.Rating;

/// <summary>
/// Properties of the rating, checked by FsCheck on generated scores. A fixed replay seed makes every run
/// check the same cases; a failure prints the shrunk counterexample.
/// </summary>
public sealed class RatingPropertyTests
{
    private static readonly Config Checked = Config.QuickThrowOnFailure
        .WithMaxTest(500)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20_261_206UL, 1_442_695_040_888_963_407UL), FSharpOption<int>.None)));

    // Achievements concentrate around the rank bounds, where an off-by-one would live.
    private static readonly Gen<int> Achievements = Gen.OneOf(
        Gen.Choose(0, 1_010_000),
        Gen.Elements(500_000, 800_000, 970_000, 980_000, 990_000, 995_000, 1_000_000, 1_005_000)
            .SelectMany(bound => Gen.Choose(-2, 2).Select(d => Math.Max(0, bound + d))));

    private static readonly Gen<int> Levels = Gen.Choose(10, 151);

    private static readonly Gen<ComboLamp> Lamps = Gen.Elements(Enum.GetValues<ComboLamp>());

    [Fact]
    public void A_charts_value_never_falls_as_its_achievement_rises()
    {
        var cases = (from level in Levels from a in Achievements from b in Achievements from lamp in Lamps select (level, a, b, lamp)).ToArbitrary();
        Prop.ForAll(cases, c =>
        {
            var (level, a, b, lamp) = c;
            var (low, high) = (Math.Min(a, b), Math.Max(a, b));
            return ChartRating.Value(new Level(level), new Achievement(low), lamp) <= ChartRating.Value(new Level(level), new Achievement(high), lamp);
        }).Check(Checked);
    }

    [Fact]
    public void A_charts_value_never_falls_as_its_level_rises()
    {
        var cases = (from a in Levels from b in Levels from achievement in Achievements from lamp in Lamps select (a, b, achievement, lamp)).ToArbitrary();
        Prop.ForAll(cases, c =>
        {
            var (a, b, achievement, lamp) = c;
            var (low, high) = (Math.Min(a, b), Math.Max(a, b));
            return ChartRating.Value(new Level(low), new Achievement(achievement), lamp) <= ChartRating.Value(new Level(high), new Achievement(achievement), lamp);
        }).Check(Checked);
    }

    [Fact]
    public void Reaching_the_next_rank_never_lowers_a_chart()
    {
        var cases = (from level in Levels from achievement in Achievements from lamp in Lamps select (level, achievement, lamp)).ToArbitrary();
        Prop.ForAll(cases, c =>
        {
            var (level, achievement, lamp) = c;
            var score = new RatedScore(1, GameVersion.Circle.FirstCode, Difficulty.Master, new Level(level), new Level(level), new Achievement(achievement), lamp);
            var chart = new RatedChart(score, GameVersion.Circle, true, ChartRating.Value(new Level(level), new Achievement(achievement), lamp));
            var gain = NextRank.Gain(chart);
            return achievement >= 1_005_000 ? gain is null : gain >= 0;
        }).Check(Checked);
    }

    [Fact]
    public void The_best_50_takes_15_new_and_35_old_or_all_there_are()
    {
        var current = GameVersion.Circle;
        var newCodes = Gen.Elements(GameVersion.Parse("PRiSM PLUS").FirstCode, current.FirstCode, current.FirstCode + 17);
        var oldCodes = Gen.Elements(GameVersion.Parse("maimai").FirstCode, GameVersion.Parse("FiNALE").FirstCode, GameVersion.Parse("PRiSM").FirstCode + 12);
        var score = from code in Gen.OneOf(newCodes, oldCodes)
                    from level in Levels
                    from achievement in Achievements
                    from difficulty in Gen.Elements(Enum.GetValues<Difficulty>())
                    from lamp in Lamps
                    select (code, level, achievement, difficulty, lamp);
        var snapshots = Gen.Choose(0, 120).SelectMany(n => Gen.ListOf(score, n)).ToArbitrary();

        Prop.ForAll(snapshots, list =>
        {
            var scores = list.Select((s, i) => new RatedScore(i + 1, s.code, s.difficulty, new Level(s.level), new Level(s.level), new Achievement(s.achievement), s.lamp)).ToList();
            var rating = RatingCalculator.Compute(scores, current);
            var rated = scores.Where(s => s.Difficulty != Difficulty.Utage).ToList();
            var newPlayed = rated.Count(s => s.VersionCode >= GameVersion.Parse("PRiSM PLUS").FirstCode);
            var oldPlayed = rated.Count - newPlayed;

            var newOnes = rating.NewBest.All(c => c.IsNew && c.Score.VersionCode >= GameVersion.Parse("PRiSM PLUS").FirstCode);
            var oldOnes = rating.OldBest.All(c => !c.IsNew && c.Score.VersionCode < GameVersion.Parse("PRiSM PLUS").FirstCode);
            // Nothing left out is worth more than the last one taken.
            var newFloor = rating.NewBest.Count == 0 ? int.MaxValue : rating.NewBest[^1].Value;
            var oldFloor = rating.OldBest.Count == 0 ? int.MaxValue : rating.OldBest[^1].Value;
            var taken = rating.NewBest.Concat(rating.OldBest).Select(c => c.Score.ChartId).ToHashSet();
            var noneBetter = rated.Where(s => !taken.Contains(s.ChartId)).All(s =>
                ChartRating.Value(s.RatingLevel, s.Achievement, s.ComboLamp) <= (s.VersionCode >= GameVersion.Parse("PRiSM PLUS").FirstCode ? newFloor : oldFloor));
            return rating.NewBest.Count == Math.Min(15, newPlayed) && rating.OldBest.Count == Math.Min(35, oldPlayed)
                && newOnes && oldOnes && noneBetter;
        }).Check(Checked);
    }
}
