using Maimai.Core.Game;
using Maimai.DxNetSimulator.Catalog;

namespace Maimai.DxNetSimulator.Player;

/// <summary>The judged result of one play of one chart, before it is placed in the record.</summary>
internal sealed record PlayOutcome(
    Judgements Judgements,
    Achievement Achievement,
    int DxScore,
    ComboLamp ComboLamp,
    SyncLamp SyncLamp,
    int? MatchingRank,
    int Fast,
    int Late,
    int MaxCombo,
    int TotalCombo,
    int MaxSync,
    int TotalSync);

/// <summary>
/// Judges a play from a skill level, with integer maths only so a seed gives the same result on every
/// machine. Achievement follows the game's rule: note weights tap 1, hold 2, slide 3, touch 1, break 5;
/// GREAT 80%, GOOD 50%; plus up to 1% break bonus.
/// </summary>
internal static class PlayJudge
{
    public static PlayOutcome Judge(Random random, ChartType type, Chart chart, int skillTenths)
    {
        var gap = Math.Clamp(chart.Level.Tenths - skillTenths, -30, 39);
        var missPm = Math.Max(1, (10 << ((gap + 30) / 10)) / 8);
        var roll = random.Next(100);
        var allCritical = roll == 0;
        var allPerfect = roll < 4;
        var notes = chart.Notes;
        var tap = JudgeType(random, notes.Tap, missPm, allPerfect, allCritical);
        var hold = JudgeType(random, notes.Hold, missPm, allPerfect, allCritical);
        var slide = JudgeType(random, notes.Slide, missPm, allPerfect, allCritical);
        NoteJudgements? touch = type == ChartType.Dx
            ? JudgeType(random, notes.Touch, missPm, allPerfect, allCritical)
            : null;
        var brk = JudgeType(random, notes.Break, missPm, allPerfect, allCritical);
        var judgements = new Judgements(tap, hold, slide, touch, brk);

        NoteJudgements[] normal = touch is null ? [tap, hold, slide] : [tap, hold, slide, touch];
        long weightTotal = (notes.Tap + notes.Touch) + (notes.Hold * 2L) + (notes.Slide * 3L) + (notes.Break * 5L);
        long earnedTenths = EarnedTenths(tap) + EarnedTenths(touch) + (EarnedTenths(hold) * 2) + (EarnedTenths(slide) * 3)
            + (((brk.CriticalPerfect + brk.Perfect) * 10L) + (brk.Great * 8L) + (brk.Good * 4L)) * 5;
        long bonusTenths = (brk.CriticalPerfect * 10L) + (brk.Perfect * 5L) + (brk.Great * 4L) + (brk.Good * 3L);
        var achievement = (int)(1_000_000L * earnedTenths / (10 * weightTotal))
            + (notes.Break == 0 ? 10_000 : (int)(10_000L * bonusTenths / (10L * notes.Break)));
        if (chart.IsBuddy)
        {
            achievement += achievement / 100;
        }

        NoteJudgements[] all = [.. normal, brk];
        var crit = all.Sum(j => j.CriticalPerfect);
        var perfect = all.Sum(j => j.Perfect);
        var great = all.Sum(j => j.Great);
        var good = all.Sum(j => j.Good);
        var miss = all.Sum(j => j.Miss);
        var total = notes.Total;
        var dxScore = (crit * 3) + (perfect * 2) + great;
        var combo = miss > 0 ? ComboLamp.None
            : good > 0 ? ComboLamp.FullCombo
            : great > 0 ? ComboLamp.FullComboPlus
            : perfect > 0 ? ComboLamp.AllPerfect
            : ComboLamp.AllPerfectPlus;
        var maxCombo = miss == 0 ? total : ((total - miss) / (miss + 1)) + random.Next(((total - miss) / 2) + 1);
        maxCombo = Math.Min(maxCombo, total - miss);

        int? matching = random.Next(10) == 0 ? 1 + random.Next(4) : null;
        var sync = matching is null ? SyncLamp.None
            : combo >= ComboLamp.AllPerfect ? SyncLamp.FullSyncDx
            : combo >= ComboLamp.FullComboPlus ? SyncLamp.FullSync
            : SyncLamp.SyncPlay;
        var totalSync = matching is null ? 0 : total * 2;
        var maxSync = matching is null ? 0 : sync >= SyncLamp.FullSync ? totalSync : random.Next(totalSync / 2, totalSync);
        var offBeat = total - crit - miss;
        var fast = offBeat * (35 + random.Next(31)) / 100;
        return new PlayOutcome(judgements, new Achievement(achievement), dxScore, combo, sync, matching,
            fast, offBeat - fast, maxCombo, total, maxSync, totalSync);
    }

    private static long EarnedTenths(NoteJudgements? j) =>
        j is null ? 0 : ((j.CriticalPerfect + j.Perfect) * 10L) + (j.Great * 8L) + (j.Good * 5L);

    private static NoteJudgements JudgeType(Random random, int count, int missPm, bool allPerfect, bool allCritical)
    {
        if (allCritical)
        {
            return new NoteJudgements(count, 0, 0, 0, 0);
        }

        var miss = allPerfect ? 0 : Draw(random, count, missPm);
        var good = allPerfect ? 0 : Draw(random, count - miss, missPm);
        var great = allPerfect ? 0 : Draw(random, count - miss - good, (missPm * 4) + 10);
        var perfect = Draw(random, count - miss - good - great, 150 + (missPm * 2));
        return new NoteJudgements(count - miss - good - great - perfect, perfect, great, good, miss);
    }

    /// <summary>About count × permille / 1000, with up to ±25% jitter, never more than count.</summary>
    private static int Draw(Random random, int count, int permille)
    {
        if (count <= 0)
        {
            return 0;
        }

        var expected = count * Math.Min(permille, 900) / 1000;
        var jitter = expected / 4;
        return Math.Clamp(expected + random.Next(-jitter, jitter + 1) + (random.Next(1000) < permille ? 1 : 0), 0, count);
    }
}
