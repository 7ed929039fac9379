using Maimai.Core.Game;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Player;
using Maimai.DxNetSimulator.Requests;
using Maimai.DxNetSimulator.Sessions;
using Maimai.DxNetSimulator.Site;
using Microsoft.AspNetCore.Builder;

namespace Maimai.DxNetSimulator;

/// <summary>
/// A started simulator: its address and the in-process controls (the same operations as the /_sim/ JSON
/// API). Dispose to stop it.
/// </summary>
public sealed class RunningSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatedSite _site;

    internal RunningSimulator(WebApplication app, SimulatedSite site, Uri baseUrl)
    {
        _app = app;
        _site = site;
        BaseUrl = baseUrl;
    }

    public Region Region => _site.Region;

    /// <summary>The server root, such as http://127.0.0.1:41234/ (the control API is under _sim/).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The site root, as https://maimaidx-eng.com/maimai-mobile/ on the real site.</summary>
    public Uri SiteUrl => new(BaseUrl, "maimai-mobile/");

    /// <summary>The clal gateway root (real: https://lng-tgk-aime-gw.am-all.net/); international only.</summary>
    public Uri GatewayUrl => BaseUrl;

    /// <summary>The gateway URL that trades a clal cookie for a session and redirects to the site.</summary>
    public Uri LoginUrl => new(BaseUrl,
        "common_auth/login?site_id=maimaidxex&redirect_url=" + Uri.EscapeDataString(SiteUrl.ToString())
        + "&back_url=" + Uri.EscapeDataString("https://maimai.sega.com/"));

    public SimulatedPlayer Player => _site.Player;

    public SessionControl Sessions => _site.Sessions;

    public FaultControl Faults => _site.Faults;

    public RequestLog Requests => _site.Requests;

    /// <summary>The wording this region's pages use (genre labels, error texts).</summary>
    public SiteText Text => _site.Text;

    public SimulatorSnapshot Snapshot() => _site.Player.Snapshot();

    public IReadOnlyList<PlayRecord> AddPlays(int count) => _site.Player.AddPlays(count);

    public IReadOnlyList<PlayRecord> AddPlays(IReadOnlyList<PlayRequest> plays) => _site.Player.AddPlays(plays);

    /// <summary>Completes when the host stops (Ctrl+C for the standalone exe).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Bounded, so a slow-body fault still in flight cannot hold a test's teardown for long.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
