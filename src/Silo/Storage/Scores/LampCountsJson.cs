using Maimai.Core.Game;

namespace Maimai.Silo.Storage.Scores;

/// <summary>
/// user_snapshots.lamp_counts: the profile's <see cref="LampCounts"/> as a JSON object of short keys ("sssPlus", "fc",
/// "dxStar5"...). Rows written before a key existed read it as 0.
/// </summary>
internal static class LampCountsJson
{
    public static Dictionary<string, int> From(LampCounts l) => new(StringComparer.Ordinal)
    {
        ["total"] = l.Total, ["clear"] = l.Clear, ["s"] = l.S, ["sPlus"] = l.SPlus, ["ss"] = l.SS, ["ssPlus"] = l.SSPlus,
        ["sss"] = l.SSS, ["sssPlus"] = l.SSSPlus, ["fc"] = l.FullCombo, ["fcPlus"] = l.FullComboPlus, ["ap"] = l.AllPerfect,
        ["apPlus"] = l.AllPerfectPlus, ["sync"] = l.SyncPlay, ["fs"] = l.FullSync, ["fsPlus"] = l.FullSyncPlus, ["fsd"] = l.FullSyncDx,
        ["fsdPlus"] = l.FullSyncDxPlus, ["dxStar1"] = l.DxStar1, ["dxStar2"] = l.DxStar2, ["dxStar3"] = l.DxStar3,
        ["dxStar4"] = l.DxStar4, ["dxStar5"] = l.DxStar5,
    };

    public static LampCounts ToCounts(IReadOnlyDictionary<string, int> d)
    {
        int Get(string key) => d.GetValueOrDefault(key);
        return new LampCounts(
            Get("total"), Get("clear"), Get("s"), Get("sPlus"), Get("ss"), Get("ssPlus"), Get("sss"), Get("sssPlus"), Get("fc"),
            Get("fcPlus"), Get("ap"), Get("apPlus"), Get("sync"), Get("fs"), Get("fsPlus"), Get("fsd"), Get("fsdPlus"),
            Get("dxStar1"), Get("dxStar2"), Get("dxStar3"), Get("dxStar4"), Get("dxStar5"));
    }
}
