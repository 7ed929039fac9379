namespace Maimai.Core.Game;

/// <summary>
/// A maimai game version (maimai … FiNALE, DX … CiRCLE PLUS). otoge-db gives each song a 5-digit version code
/// whose leading digits name the version it joined: 24000–24499 is BUDDiES, 24500–24999 BUDDiES PLUS, 19900–19999
/// FiNALE. Each PLUS is a version of its own, which is what "current and previous version" counts in.
/// </summary>
public sealed record GameVersion
{
    private GameVersion(int ordinal, int firstCode, string name)
    {
        Ordinal = ordinal;
        FirstCode = firstCode;
        Name = name;
    }

    /// <summary>Position in release order: maimai is 0.</summary>
    public int Ordinal { get; }

    /// <summary>The lowest otoge-db version code of this version (26000 for CiRCLE).</summary>
    public int FirstCode { get; }

    /// <summary>The version's name as the game spells it ("FESTiVAL PLUS").</summary>
    public string Name { get; }

    /// <summary>The version before this one, or null for the first maimai.</summary>
    public GameVersion? Previous => Ordinal == 0 ? null : All[Ordinal - 1];

    /// <summary>Every known version in release order.</summary>
    public static IReadOnlyList<GameVersion> All { get; } = Build(
        (10000, "maimai"), (11000, "maimai PLUS"), (12000, "GreeN"), (13000, "GreeN PLUS"),
        (14000, "ORANGE"), (15000, "ORANGE PLUS"), (16000, "PiNK"), (17000, "PiNK PLUS"),
        (18000, "MURASAKi"), (18500, "MURASAKi PLUS"), (19000, "MiLK"), (19500, "MiLK PLUS"),
        (19900, "FiNALE"), (20000, "DX"), (20500, "DX PLUS"), (21000, "Splash"), (21500, "Splash PLUS"),
        (22000, "UNiVERSE"), (22500, "UNiVERSE PLUS"), (23000, "FESTiVAL"), (23500, "FESTiVAL PLUS"),
        (24000, "BUDDiES"), (24500, "BUDDiES PLUS"), (25000, "PRiSM"), (25500, "PRiSM PLUS"),
        (26000, "CiRCLE"), (26500, "CiRCLE PLUS"));

    public static GameVersion Circle { get; } = Named("CiRCLE");

    public static GameVersion CirclePlus { get; } = Named("CiRCLE PLUS");

    /// <summary>The newest version this build knows.</summary>
    public static GameVersion Latest => All[^1];

    /// <summary>
    /// The version a song with this otoge-db code joined. Codes past the newest known version map to
    /// <see cref="Latest"/>: they belong to a version released after this build, which is never older.
    /// </summary>
    public static bool TryFromVersionCode(int code, out GameVersion version)
    {
        version = All[0];
        if (code is < 10000 or > 99999)
        {
            return false;
        }

        for (var i = All.Count - 1; i >= 0; i--)
        {
            if (code >= All[i].FirstCode)
            {
                version = All[i];
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds a version by name, ignoring case ("circle plus" finds CiRCLE PLUS), for configuration.</summary>
    public static bool TryParse(string? name, out GameVersion version)
    {
        var trimmed = name?.Trim();
        version = All.FirstOrDefault(v => string.Equals(v.Name, trimmed, StringComparison.OrdinalIgnoreCase))!;
        return version is not null;
    }

    public static GameVersion Parse(string name) =>
        TryParse(name, out var version)
            ? version
            : throw new FormatException($"Unknown game version '{name}': expected one of {string.Join(", ", All.Select(v => v.Name))}.");

    public override string ToString() => Name;

    private static GameVersion Named(string name) => All.Single(v => v.Name == name);

    private static GameVersion[] Build(params (int FirstCode, string Name)[] versions) =>
        versions.Select((v, i) => new GameVersion(i, v.FirstCode, v.Name)).ToArray();
}
