using Maimai.Core.Game;

namespace Maimai.Core.Rating;

/// <summary>
/// One chart's best score as the rating sees it. <see cref="VersionCode"/> is the song's otoge-db version code
/// for the player's region (international songs carry their own codes). <see cref="InternalLevel"/> is null when
/// nobody has measured it yet; <see cref="DisplayedLevel"/> then stands in (see <see cref="RatedScore.RatingLevel"/>).
/// Both come from the song list; <see cref="SiteLevel"/> is the level DX NET itself displayed beside the score, null
/// when not known.
/// </summary>
public sealed record RatedScore(
    int ChartId,
    int VersionCode,
    Difficulty Difficulty,
    Level DisplayedLevel,
    Level? InternalLevel,
    Achievement Achievement,
    ComboLamp ComboLamp,
    Level? SiteLevel = null)
{
    /// <summary>
    /// The level the rating uses: the internal level when known, otherwise the displayed level's lower bound
    /// as <see cref="Level"/> stores it ("13+" is 13.7, "13" is 13.0), the common community convention.
    /// It never overstates a chart whose internal level is unknown.
    /// </summary>
    public Level RatingLevel => InternalLevel ?? DisplayedLevel;

    /// <summary>
    /// The chart may have changed level: DX NET displayed another level than the song list's ("13" where the list has
    /// "13+"), so the list's level and internal level are likely out of date. The internal level is not compared: the
    /// list keeps it beside its own displayed level. Utage is never rated, so never named.
    /// </summary>
    public bool LevelMayHaveChanged =>
        SiteLevel is { } site && Difficulty != Difficulty.Utage && site.Display != DisplayedLevel.Display;
}
