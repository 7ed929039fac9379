using Maimai.Core.Game;
using Maimai.Core.Rating;
using Maimai.Core.Snapshots;

namespace Maimai.Silo.Site.B50;

/// <summary>What the B50 image shows: the player, the totals and both lists of rated charts, best first.</summary>
public sealed record B50Sheet(
    string PlayerName, Region Region, DateTimeOffset TakenAt, int Rating, int? SiteRating,
    IReadOnlyList<B50Entry> NewBest, IReadOnlyList<B50Entry> OldBest)
{
    public int NewTotal => NewBest.Sum(e => e.Contribution);

    public int OldTotal => OldBest.Sum(e => e.Contribution);

    /// <summary>The sheet of a snapshot's computed rating; <paramref name="scores"/> give each chart's title and type.</summary>
    public static B50Sheet Of(SnapshotDetail snapshot, PlayerRating rating, IReadOnlyDictionary<int, ListedScore> scores)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(rating);
        ArgumentNullException.ThrowIfNull(scores);
        B50Entry Entry(RatedChart c)
        {
            var s = scores[c.Score.ChartId];
            return new B50Entry(s.Title, s.ChartType, s.Difficulty, s.Level, c.Score.RatingLevel, s.Achievement, c.Value);
        }

        return new B50Sheet(snapshot.Profile.PlayerName, snapshot.Region, snapshot.TakenAt, rating.Total, snapshot.Profile.SiteRating,
            [.. rating.NewBest.Select(Entry)], [.. rating.OldBest.Select(Entry)]);
    }
}

/// <summary>One chart on the image: its title, chart, the level the rating used, its achievement and what it adds.</summary>
public sealed record B50Entry(string Title, ChartType Type, Difficulty Difficulty, Level Level, Level RatingLevel, Achievement Achievement, int Contribution)
{
    public ScoreRank Rank => Achievement.Rank;
}
