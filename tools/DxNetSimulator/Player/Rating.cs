using Maimai.Core.Game;
using Maimai.DxNetSimulator.Catalog;

namespace Maimai.DxNetSimulator.Player;

/// <summary>
/// DX rating as the game computes it, in integers: a chart gives floor(level × factor × min(achievement,
/// 100.5%)); the player's rating is the best 15 new-version charts plus the best 35 others.
/// </summary>
public static class Rating
{
    public const int NewCount = 15;
    public const int OtherCount = 35;

    /// <summary>(minimum achievement, factor ×10), highest first.</summary>
    private static readonly (int Minimum, int Factor)[] Factors =
    [
        (1_005_000, 224), (1_000_000, 216), (995_000, 211), (990_000, 208), (980_000, 203), (970_000, 200),
        (940_000, 168), (900_000, 152), (800_000, 136), (750_000, 120), (700_000, 112), (600_000, 96),
        (500_000, 80), (400_000, 64), (300_000, 48), (200_000, 32), (100_000, 16),
    ];

    public static int ForChart(Level level, Achievement achievement)
    {
        var capped = Math.Min(achievement.TenThousandths, 1_005_000);
        var factor = Factors.FirstOrDefault(f => capped >= f.Minimum).Factor;
        return (int)((long)level.Tenths * factor * capped / 100_000_000L);
    }

    /// <summary>The rated charts, best first: (new targets, other targets, new candidates, other candidates).</summary>
    public static RatingTargets Targets(SongCatalog catalog, IEnumerable<ChartScore> scores, int candidates = 20)
    {
        var rated = scores
            .Select(s => (Score: s, Song: catalog[s.SongId]))
            .Where(x => !x.Song.IsUtage)
            .Select(x => new RatedChart(x.Song, x.Song.Find(x.Score.Difficulty)!, x.Score,
                ForChart(x.Song.Find(x.Score.Difficulty)!.Level, x.Score.Achievement)))
            .OrderByDescending(r => r.Rating).ThenByDescending(r => r.Score.Achievement.TenThousandths).ThenBy(r => r.Song.Id)
            .ThenBy(r => r.Chart.Difficulty)
            .ToList();
        var news = rated.Where(r => r.Song.IsNew).ToList();
        var others = rated.Where(r => !r.Song.IsNew).ToList();
        return new RatingTargets(
            news.Take(NewCount).ToList(),
            others.Take(OtherCount).ToList(),
            news.Skip(NewCount).Take(candidates).ToList(),
            others.Skip(OtherCount).Take(candidates).ToList());
    }
}

/// <summary>One chart's contribution to the rating.</summary>
public sealed record RatedChart(Song Song, Chart Chart, ChartScore Score, int Rating);

/// <summary>The four lists of the ratingTargetMusic page.</summary>
public sealed record RatingTargets(
    IReadOnlyList<RatedChart> New,
    IReadOnlyList<RatedChart> Others,
    IReadOnlyList<RatedChart> NewCandidates,
    IReadOnlyList<RatedChart> OtherCandidates)
{
    public int Total => New.Sum(r => r.Rating) + Others.Sum(r => r.Rating);
}
