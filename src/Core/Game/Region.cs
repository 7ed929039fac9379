namespace Maimai.Core.Game;

/// <summary>Which maimai DX NET a player's data comes from.</summary>
public enum Region
{
    /// <summary>maimaidx-eng.com, the international version.</summary>
    Intl = 1,

    /// <summary>maimaidx.jp, the Japanese version.</summary>
    Jp = 2,
}

/// <summary>The wire names of regions ("intl", "jp"), used in configuration, URLs and the CLI.</summary>
public static class RegionNames
{
    public static string ToName(this Region region) => region switch
    {
        Region.Intl => "intl",
        Region.Jp => "jp",
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown region."),
    };

    public static bool TryParse(string? name, out Region region)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "intl":
                region = Region.Intl;
                return true;
            case "jp":
                region = Region.Jp;
                return true;
            default:
                region = default;
                return false;
        }
    }

    public static Region Parse(string name) =>
        TryParse(name, out var region) ? region : throw new FormatException($"Unknown region '{name}': expected 'intl' or 'jp'.");
}
