using Maimai.Core.Game;

namespace Maimai.Core.Rating;

/// <summary>
/// The game version each region is running, which decides what counts as "new". The international version
/// may lag behind Japan, so each region has its own. Defaults to CiRCLE PLUS for both, the newest version in
/// the otoge-db lists of both regions.
/// </summary>
public sealed record CurrentVersions(GameVersion Jp, GameVersion Intl)
{
    public static CurrentVersions Default { get; } = new(GameVersion.CirclePlus, GameVersion.CirclePlus);

    public GameVersion For(Region region) => region switch
    {
        Region.Jp => Jp,
        Region.Intl => Intl,
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown region."),
    };
}
