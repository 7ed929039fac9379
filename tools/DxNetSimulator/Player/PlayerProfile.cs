using Maimai.Core.Game;

namespace Maimai.DxNetSimulator.Player;

/// <summary>The simulated player's profile as playerData shows it. Rating is derived from the best scores.</summary>
public sealed record PlayerProfile(
    string Name,
    int Rating,
    string Title,
    TitleColor TitleColor,
    string IconId,
    ClassRank ClassRank,
    CourseRank CourseRank,
    int Stars,
    int CurrentVersionPlayCount,
    int TotalPlayCount);

/// <summary>The trophy (title) frame colour; the site writes it as class trophy_{name}.</summary>
public enum TitleColor
{
    Normal,
    Bronze,
    Silver,
    Gold,
    Rainbow,
}
