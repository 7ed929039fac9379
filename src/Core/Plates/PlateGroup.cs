using Maimai.Core.Game;

namespace Maimai.Core.Plates;

/// <summary>
/// A version group that awards plates: its name as the plates print it (真, 熊), the game versions whose songs it
/// counts, whether Re:MASTER charts count, and which of the four plates exist for it.
/// </summary>
/// <remarks>
/// The groups as players' tools list them (docs/plates.md names the sources: mai-tools' plate lists, maimai.py,
/// MarisaBot): each maimai (pre-DX) version has its own kanji, except 真 which spans maimai and maimai PLUS and has no
/// 将; 舞 spans every pre-DX version and is the only group that counts Re:MASTER. Pre-DX versions count only their
/// standard charts, the only kind they had. From DX on every version, PLUS ones included, has its own kanji and its
/// own songs (熊 is DX, 華 is DX PLUS; only the Chinese version pairs them), and a song counts every chart it has.
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
        One("熊", "DX"), One("華", "DX PLUS"), One("爽", "Splash"), One("煌", "Splash PLUS"),
        One("宙", "UNiVERSE"), One("星", "UNiVERSE PLUS"), One("祭", "FESTiVAL"), One("祝", "FESTiVAL PLUS"),
        One("双", "BUDDiES"), One("宴", "BUDDiES PLUS"), One("鏡", "PRiSM"), One("彩", "PRiSM PLUS"),
        One("丸", "CiRCLE"), One("廻", "CiRCLE PLUS"),
    ];

    /// <summary>Whether the group counts songs of DX or later, which may have DX charts.</summary>
    public bool IsDxEra => First.Ordinal >= V("DX").Ordinal;

    /// <summary>Finds a group by its name ("真", "華").</summary>
    public static bool TryFind(string? name, out PlateGroup group)
    {
        var trimmed = name?.Trim() ?? "";
        group = All.FirstOrDefault(g => g.Name == trimmed)!;
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

    private static GameVersion V(string name) => GameVersion.Parse(name);
}
