using Maimai.Core.Game;
using Maimai.DxNetSimulator.Catalog;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Player;
using Maimai.DxNetSimulator.Requests;
using Maimai.DxNetSimulator.Sessions;

namespace Maimai.DxNetSimulator.Site;

/// <summary>Everything one simulator instance holds: the player and the controls over its behaviour.</summary>
internal sealed class SimulatedSite
{
    private int _errorCode = 100001;

    public SimulatedSite(DxNetSimulatorOptions options)
    {
        Region = options.Region;
        Text = SiteText.For(options.Region);
        var catalog = CatalogGenerator.Generate(options.Seed, options.SongCount, options.UtageCount);
        Player = new SimulatedPlayer(options, catalog);
        Sessions = new SessionControl(options);
    }

    public Region Region { get; }

    public SiteText Text { get; }

    public SimulatedPlayer Player { get; }

    public SessionControl Sessions { get; }

    public FaultControl Faults { get; } = new();

    public RequestLog Requests { get; } = new();

    /// <summary>The code the error page shows next (the site keeps it server side across the redirect).</summary>
    public int ErrorCode
    {
        get => Volatile.Read(ref _errorCode);
        set => Volatile.Write(ref _errorCode, value);
    }
}
