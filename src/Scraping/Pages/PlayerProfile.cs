using Maimai.Core.Game;

namespace Maimai.Scraping.Pages;

/// <summary>The player profile (/maimai-mobile/playerData/).</summary>
/// <param name="IconUrl">The player icon's URL; null when DX NET sends a bare "img/Icon/" with no file.</param>
/// <param name="TrophyColour">The trophy's colour as DX NET names it in its class (Normal, Bronze, Silver, Gold, Rainbow…).</param>
/// <param name="CourseRankImage">The raw image name, e.g. "course_rank_00T7GHJvGe.png".</param>
/// <param name="ClassRankImage">The raw image name, e.g. "class_rank_s_10FODgtQo4.png".</param>
/// <param name="Stars">The ★ count (partner stars) beside the ranks.</param>
public sealed record PlayerProfile(
    string Name,
    int Rating,
    RatingColour RatingColour,
    string Title,
    string TrophyColour,
    string? IconUrl,
    CourseRank CourseRank,
    string CourseRankImage,
    ClassRank ClassRank,
    string ClassRankImage,
    int Stars,
    int PlayCountThisVersion,
    int TotalPlayCount,
    LampCounts LampCounts);

/// <summary>The colour of the rating plate, from DX NET's rating_base_*.png.</summary>
public enum RatingColour
{
    Normal = 0,
    Blue,
    Green,
    Orange,
    Red,
    Purple,
    Bronze,
    Silver,
    Gold,
    Platinum,
    Rainbow,
}

/// <summary>
/// The lamp count block of the profile and of every score list: how many charts have each rank, combo,
/// sync and DX star lamp, out of <see cref="Total"/> charts.
/// </summary>
public sealed record LampCounts(
    int Total,
    int Clear,
    int S,
    int SPlus,
    int SS,
    int SSPlus,
    int SSS,
    int SSSPlus,
    int FullCombo,
    int FullComboPlus,
    int AllPerfect,
    int AllPerfectPlus,
    int SyncPlay,
    int FullSync,
    int FullSyncPlus,
    int FullSyncDx,
    int FullSyncDxPlus,
    int DxStar1,
    int DxStar2,
    int DxStar3,
    int DxStar4,
    int DxStar5);
