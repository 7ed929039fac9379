using Maimai.Core.Game;
using Maimai.Scraping.Fetching;

namespace Maimai.Plugins.Intl;

/// <summary>maimaidx-eng.com: userId sessions, plus the Aime login gateway that trades a clal "remember me" cookie for one.</summary>
public sealed class IntlSite : DxNetRegionSite
{
    public override Region Region => Region.Intl;

    public override Uri DefaultSiteBaseUrl { get; } = new("https://maimaidx-eng.com/");

    public override Uri DefaultLoginGatewayUrl { get; } = new("https://lng-tgk-aime-gw.am-all.net/");

    /// <summary>GET {gateway}common_auth/login?site_id=maimaidxex&amp;redirect_url={site}&amp;back_url=https://maimai.sega.com/</summary>
    public override Uri ClalLoginUrl(Uri gatewayUrl, Uri siteUrl)
    {
        ArgumentNullException.ThrowIfNull(gatewayUrl);
        ArgumentNullException.ThrowIfNull(siteUrl);
        return new Uri(gatewayUrl, "common_auth/login?site_id=maimaidxex&redirect_url=" + Uri.EscapeDataString(siteUrl.AbsoluteUri)
            + "&back_url=" + Uri.EscapeDataString("https://maimai.sega.com/"));
    }
}
