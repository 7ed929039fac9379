using Maimai.Core.Game;

namespace Maimai.Scraping.Fetching;

/// <summary>
/// What differs between the two DX NET sites: where they are and how a session is obtained. Plugins subclass it;
/// everything else (the request plan, cookies, failures) is shared in <see cref="DxNetScraper"/>.
/// </summary>
public abstract class DxNetRegionSite
{
    public abstract Region Region { get; }

    /// <summary>The real site's server root, e.g. https://maimaidx-eng.com/.</summary>
    public abstract Uri DefaultSiteBaseUrl { get; }

    /// <summary>The real login gateway's root; null when the site has no clal login (Japan).</summary>
    public virtual Uri? DefaultLoginGatewayUrl => null;

    /// <summary>
    /// The gateway URL that trades a clal cookie for a session and redirects to <paramref name="siteUrl"/>
    /// (…/maimai-mobile/); null when this site takes userId tokens only.
    /// </summary>
    public virtual Uri? ClalLoginUrl(Uri gatewayUrl, Uri siteUrl) => null;
}
