namespace Maimai.Scraping.Contract;

/// <summary>
/// How a region's scraper reaches DX NET (configuration section "Plugins:&lt;Region&gt;", e.g. "Plugins:Intl").
/// Null URLs mean the real site's; tests point them at the simulator.
/// </summary>
public sealed class ScraperOptions
{
    /// <summary>The server root that holds /maimai-mobile/, e.g. https://maimaidx-eng.com/. Defaults to the region's real site.</summary>
    public Uri? SiteBaseUrl { get; set; }

    /// <summary>The root of the login gateway that trades a clal cookie for a session (international only). Defaults to the real gateway.</summary>
    public Uri? LoginGatewayUrl { get; set; }

    /// <summary>The pause between two requests of one fetch, so we stay a polite visitor. Defaults to 1 second.</summary>
    public TimeSpan RequestGap { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Send nothing during the daily 04:00-07:00 JST maintenance, failing the fetch as MAINTENANCE instead. Defaults to
    /// true. The simulator has no maintenance: the demo and the tests that run the Silo on the real clock turn it off.
    /// </summary>
    public bool ObserveMaintenanceWindow { get; set; } = true;

    /// <summary>How long one request may take, body included, before it counts as a network failure. Defaults to 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
