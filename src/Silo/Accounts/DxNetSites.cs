using Maimai.Core.Game;

namespace Maimai.Silo.Accounts;

/// <summary>How a player knows each region's site, for messages that tell them where to get a token.</summary>
internal static class DxNetSites
{
    public static string Name(Region region) => region switch
    {
        Region.Intl => "maimai DX NET (maimaidx-eng.com)",
        Region.Jp => "maimai DX NET (maimaidx.jp)",
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown region."),
    };

    /// <summary>The cookies that make a token on that site.</summary>
    public static string CookieNames(Region region) => region switch
    {
        Region.Intl => "\"clal\" (or \"userId\")",
        Region.Jp => "\"userId\"",
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown region."),
    };
}
