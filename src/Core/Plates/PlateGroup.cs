using Maimai.Core.Game;

namespace Maimai.Core.Plates;

/// <summary>
/// A version group that awards plates: its name as the plates print it (真, 熊・華), the game versions whose songs
/// it counts, whether Re:MASTER charts count, and which of the four plates exist for it.
/// </summary>
/// <remarks>
/// The groups follow the game as players document it: each maimai (pre-DX) version has its own kanji, except 真
/// which spans maimai and maimai PLUS and has no 将; 舞 spans every pre-DX version and is the only group that
/// counts Re:MASTER; from DX on, a version and its PLUS share one song list under two kanji (熊・華 and so on).
/// Pre-DX versions count only their standard charts, the only kind they had; a DX-era song counts every chart it has.
/// </remarks>
public sealed record PlateGroup(string Name, GameVersion First, GameVersion Last, bool CountsReMaster, IReadOnlyList<PlateKind> Kinds)
{
    private static readonly PlateKind[] Four = [PlateKind.Kiwami, PlateKind.Sho, PlateKind.Shin, PlateKind.Maimai];

    /// <summary>Every group, oldest first, 舞 after the pre-DX ones it spans.</summary>
    public static IReadOnlyList<PlateGroup> All { get; } =
    [
        new("真", V("maimai"), V("maimai PLUS"), false, [PlateKind.Kiwami, PlateKind.Shin, PlateKind.Maimai]),
        One("超", "GreeN"), One("檄", "GreeN PLUS"), One("橙", "ORANGE"), One("暁", "ORANGE PLUS"),
        One("桃", "PiNK"), One("櫻", "PiNK PLUS"), One("紫", "MURASAKi"), One("菫", "MURASAKi PLUS"),
        One("白", "MiLK"), One("雪", "MiLK PLUS"), One("輝", "FiNALE"),
        new("舞", V("maimai"), V("FiNALE"), true, Four),
        Pair("熊・華", "DX"), Pair("爽・煌", "Splash"), Pair("宙・星", "UNiVERSE"),
        Pair("祭・祝", "FESTiVAL"), Pair("双・宴", "BUDDiES"), Pair("鏡", "PRiSM"),
    ];

    /// <summary>Whether the group counts songs of DX or later, which may have DX charts.</summary>
    public bool IsDxEra => First.Ordinal >= V("DX").Ordinal;

    /// <summary>Finds a group by its name ("真", "熊・華"); also accepts one kanji of a pair ("華").</summary>
    public static bool TryFind(string? name, out PlateGroup group)
    {
        var trimmed = name?.Trim() ?? "";
        group = All.FirstOrDefault(g => g.Name == trimmed || (trimmed.Length == 1 && g.Name.Split('・').Contains(trimmed)))!;
        return group is not null;
    }

    /// <summary>Whether a song of this version counts for the group.</summary>
    public bool Spans(GameVersion version) => version.Ordinal >= First.Ordinal && version.Ordinal <= Last.Ordinal;

    /// <summary>Whether a chart of a song in the group counts.</summary>
    public bool Counts(ChartType type, Difficulty difficulty) =>
        (difficulty is Difficulty.Basic or Difficulty.Advanced or Difficulty.Expert or Difficulty.Master
            || (difficulty == Difficulty.ReMaster && CountsReMaster))
        && (IsDxEra || type == ChartType.Std);

    private static PlateGroup One(string name, string version) => new(name, V(version), V(version), false, Four);

    private static PlateGroup Pair(string name, string version) =>
        new(name, V(version), GameVersion.All[V(version).Ordinal + 1], false, Four);

    private static GameVersion V(string name) => GameVersion.Parse(name);
}
