using Maimai.Core.Game;

namespace Maimai.Core.Rating;

/// <summary>
/// One chart's best score as the rating sees it. <see cref="VersionCode"/> is the song's otoge-db version code
/// for the player's region (international songs carry their own codes). <see cref="InternalLevel"/> is null when
/// nobody has measured it yet; <see cref="DisplayedLevel"/> then stands in (see <see cref="RatedScore.RatingLevel"/>).
/// </summary>
public sealed record RatedScore(
    int ChartId,
    int VersionCode,
    Difficulty Difficulty,
    Level DisplayedLevel,
    Level? InternalLevel,
    Achievement Achievement,
    ComboLamp ComboLamp)
{
    /// <summary>
    /// The level the rating uses: the internal level when known, otherwise the displayed level's lower bound
    /// as <see cref="Level"/> stores it ("13+" is 13.7, "13" is 13.0), the common community convention.
    /// It never overstates a chart whose internal level is unknown.
    /// </summary>
    public Level RatingLevel => InternalLevel ?? DisplayedLevel;
}
