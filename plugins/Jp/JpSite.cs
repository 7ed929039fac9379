using Maimai.Core.Game;
using Maimai.Scraping.Fetching;

namespace Maimai.Plugins.Jp;

/// <summary>
/// maimaidx.jp: userId sessions only. Its login is a SEGA ID with a password, which we never hold, so a player
/// gives the userId cookie and the site's rotation keeps it alive from fetch to fetch.
/// </summary>
public sealed class JpSite : DxNetRegionSite
{
    public override Region Region => Region.Jp;

    public override Uri DefaultSiteBaseUrl { get; } = new("https://maimaidx.jp/");
}
