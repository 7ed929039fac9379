using Maimai.Core.Game;

namespace Maimai.Core.Rating;

/// <summary>
/// A player's DX rating computed from one snapshot's scores: the best 15 new charts plus the best 35 old ones.
/// Both lists are ordered best first.
/// </summary>
public sealed record PlayerRating(
    GameVersion CurrentVersion,
    IReadOnlyList<RatedChart> NewBest,
    IReadOnlyList<RatedChart> OldBest)
{
    public int NewTotal => NewBest.Sum(c => c.Value);

    public int OldTotal => OldBest.Sum(c => c.Value);

    public int Total => NewTotal + OldTotal;
}

/// <summary>One chart's contribution: its score, the level used, and the value it is worth (AP bonus included).</summary>
public sealed record RatedChart(RatedScore Score, GameVersion Version, bool IsNew, int Value);
