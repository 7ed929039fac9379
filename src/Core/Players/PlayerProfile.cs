using Maimai.Core.Game;

namespace Maimai.Core.Players;

/// <summary>
/// A player's profile as DX NET shows it (/maimai-mobile/playerData/): the scrapers parse it, each snapshot stores
/// it, the API maps it. Our own rating is not part of it (it belongs to the snapshot). A null value was not shown, or
/// is missing from a stored snapshot.
/// </summary>
/// <param name="PlayerName">The in-game name.</param>
/// <param name="Title">The title (trophy) text under the name.</param>
/// <param name="TrophyColor">The trophy's colour as DX NET names it in its class (Normal, Bronze, Silver, Gold, Rainbow…).</param>
/// <param name="IconUrl">The player icon's URL; null when DX NET sends a bare "img/Icon/" with no file.</param>
/// <param name="SiteRating">The rating DX NET shows.</param>
/// <param name="RatingColor">The rating plate's colour.</param>
/// <param name="ClassRank">The class (class matches).</param>
/// <param name="CourseRank">The dan (course mode).</param>
/// <param name="Stars">The ★ count (partner stars) beside the ranks.</param>
/// <param name="VersionPlayCount">Plays in the current game version.</param>
/// <param name="TotalPlayCount">Plays in all versions.</param>
/// <param name="LampCounts">How many charts hold each lamp (the profile's musiccount block).</param>
public sealed record PlayerProfile(
    string PlayerName,
    string? Title = null,
    string? TrophyColor = null,
    string? IconUrl = null,
    int? SiteRating = null,
    RatingColor? RatingColor = null,
    ClassRank? ClassRank = null,
    CourseRank? CourseRank = null,
    int? Stars = null,
    int? VersionPlayCount = null,
    int? TotalPlayCount = null,
    LampCounts? LampCounts = null);
