namespace Maimai.Core.Game;

/// <summary>The sync (multiplayer) lamp of a chart score, in ascending order.</summary>
public enum SyncLamp
{
    None = 0,
    SyncPlay = 1,
    FullSync = 2,
    FullSyncPlus = 3,
    FullSyncDx = 4,
    FullSyncDxPlus = 5,
}
