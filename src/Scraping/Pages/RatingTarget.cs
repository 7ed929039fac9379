using Maimai.Core.Game;

namespace Maimai.Scraping.Pages;

/// <summary>
/// The songs that make up the rating (/home/ratingTargetMusic/): the counted new and other charts, and the
/// next candidates ("Selection") for each.
/// </summary>
public sealed record RatingTargetPage(
    int Rating,
    IReadOnlyList<RatingTargetEntry> New,
    IReadOnlyList<RatingTargetEntry> Others,
    IReadOnlyList<RatingTargetEntry> SelectionNew,
    IReadOnlyList<RatingTargetEntry> SelectionOthers);

/// <summary>One chart on the rating target page.</summary>
public sealed record RatingTargetEntry(
    string Title,
    ChartType Type,
    Difficulty Difficulty,
    Level Level,
    Achievement Achievement,
    ScoreRank Rank,
    string MusicDetailIdx);
