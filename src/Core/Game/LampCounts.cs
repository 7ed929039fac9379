namespace Maimai.Core.Game;

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
