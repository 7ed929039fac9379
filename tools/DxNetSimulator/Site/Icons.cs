using Maimai.Core.Game;

namespace Maimai.DxNetSimulator.Site;

/// <summary>The site's image names for difficulties, lamps and ranks.</summary>
internal static class Icons
{
    public static string Diff(Difficulty difficulty) => difficulty switch
    {
        Difficulty.Basic => "basic",
        Difficulty.Advanced => "advanced",
        Difficulty.Expert => "expert",
        Difficulty.Master => "master",
        Difficulty.ReMaster => "remaster",
        Difficulty.Utage => "utage",
        _ => throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, null),
    };

    public static string Kind(ChartType type) => type == ChartType.Dx ? "dx" : "standard";

    /// <summary>Score list and musicDetail: music_icon_{this}.png.</summary>
    public static string Rank(ScoreRank rank) => rank switch
    {
        ScoreRank.SPlus => "sp",
        ScoreRank.SSPlus => "ssp",
        ScoreRank.SSSPlus => "sssp",
        _ => rank.ToString().ToLowerInvariant(),
    };

    /// <summary>The record page: playlog/{this}.png.</summary>
    public static string PlaylogRank(ScoreRank rank) => rank switch
    {
        ScoreRank.SPlus => "splus",
        ScoreRank.SSPlus => "ssplus",
        ScoreRank.SSSPlus => "sssplus",
        _ => rank.ToString().ToLowerInvariant(),
    };

    public static string Combo(ComboLamp lamp) => lamp switch
    {
        ComboLamp.FullCombo => "fc",
        ComboLamp.FullComboPlus => "fcp",
        ComboLamp.AllPerfect => "ap",
        ComboLamp.AllPerfectPlus => "app",
        _ => "back",
    };

    public static string Sync(SyncLamp lamp) => lamp switch
    {
        SyncLamp.SyncPlay => "sync",
        SyncLamp.FullSync => "fs",
        SyncLamp.FullSyncPlus => "fsp",
        SyncLamp.FullSyncDx => "fdx",
        SyncLamp.FullSyncDxPlus => "fdxp",
        _ => "back",
    };

    public static string PlaylogCombo(ComboLamp lamp) => lamp switch
    {
        ComboLamp.FullCombo => "fc",
        ComboLamp.FullComboPlus => "fcplus",
        ComboLamp.AllPerfect => "ap",
        ComboLamp.AllPerfectPlus => "applus",
        _ => "fc_dummy",
    };

    public static string PlaylogSync(SyncLamp lamp) => lamp switch
    {
        SyncLamp.SyncPlay => "sync",
        SyncLamp.FullSync => "fs",
        SyncLamp.FullSyncPlus => "fsplus",
        SyncLamp.FullSyncDx => "fdx",
        SyncLamp.FullSyncDxPlus => "fdxplus",
        _ => "sync_dummy",
    };

    /// <summary>rating_base_{this}.png by rating band.</summary>
    public static string RatingColor(int rating) => rating switch
    {
        >= 15000 => "rainbow",
        >= 14500 => "platinum",
        >= 14000 => "gold",
        >= 13000 => "silver",
        >= 12000 => "bronze",
        >= 10000 => "purple",
        >= 7000 => "red",
        >= 4000 => "orange",
        >= 2000 => "green",
        >= 1000 => "blue",
        _ => "normal",
    };

    /// <summary>The level as score lists show it; utage levels carry a "?" as on the site.</summary>
    public static string Level(Level level, Difficulty difficulty) =>
        difficulty == Difficulty.Utage ? level.Display + "?" : level.Display;
}
