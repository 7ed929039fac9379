using Maimai.Browser.Tests.Hosting;
using Maimai.Core.Game;
using Maimai.Core.Rating;
using Maimai.DxNetSimulator;
using Maimai.Silo.Demo;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Time;
using Maimai.Testing.Discord;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Maimai.Browser.Tests;

/// <summary>
/// What a player's browser meets: the real Silo in this process on a fresh PostgreSQL database, a simulated
/// DX NET per region as the sites, the fake Discord, and one headless Chromium. Shared by the browser tests, which
/// run one after another; each test signs in as its own Discord user, so their data never meet.
/// </summary>
public sealed class SiteWorld : IAsyncLifetime
{
    /// <summary>The Japanese simulated player's name, so a page can tell the regions' data apart.</summary>
    public const string JpPlayerName = "ＪＰＰＬＡＹＥＲ";

    private SiloInProcess? _silo;
    private IPlaywright? _playwright;
    private int _users;

    internal FakeDiscord Discord { get; private set; } = null!;

    internal RunningSimulator Intl { get; private set; } = null!;

    internal RunningSimulator Jp { get; private set; } = null!;

    internal IBrowser Browser { get; private set; } = null!;

    /// <summary>The Silo's service clock: the real time, moved back while a test makes a snapshot "on another day".</summary>
    internal ShiftedClock Clock { get; } = new();

    internal string Origin => _silo!.Origin;

    /// <summary>Every Error the Silo has logged so far (the tests share it, so each compares before and after).</summary>
    internal IReadOnlyList<string> ServerErrors => _silo!.Errors.Lines;

    /// <summary>Where the screenshots go: the test output, never the repository.</summary>
    internal static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!Chromium.IsPresent)
        {
            return; // every test skips; nothing to start
        }

        var cluster = await PostgresCluster.Shared.WaitAsync(TimeSpan.FromSeconds(120));
        var database = await cluster.CreateDatabaseAsync("browser").WaitAsync(TimeSpan.FromSeconds(60));
        Discord = await FakeDiscord.StartAsync().WaitAsync(SiloInProcess.Timeout);
        // Small catalogs: a fetch is a few dozen pages, enough for the bar to move and quick enough for twelve of them.
        Intl = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = Region.Intl, SongCount = 60, UtageCount = 2 })
            .WaitAsync(SiloInProcess.Timeout);
        Jp = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = Region.Jp, SongCount = 60, UtageCount = 2, Seed = 2, PlayerName = JpPlayerName })
            .WaitAsync(SiloInProcess.Timeout);
        // The simulators' songs as the demo imports them (versions, internal levels), so the B50 has charts to rate.
        await using (var songs = new Database(PostgresDialect.Instance, database))
        {
            await new MigrationRunner(songs).ApplyAsync().WaitAsync(SiloInProcess.Timeout);
            await SimulatorSongCatalog.ImportAsync(new SongRepository(songs), Jp, Intl, CurrentVersions.Default).WaitAsync(SiloInProcess.Timeout);
        }

        _silo = await SiloInProcess.StartAsync([
            "--Storage:Provider=Postgres", $"--Storage:ConnectionString={database}",
            $"--Plugins:Intl:SiteBaseUrl={Intl.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={Intl.GatewayUrl}",
            $"--Plugins:Jp:SiteBaseUrl={Jp.BaseUrl}",
            // A gap between the site's pages, so WatchFetch shows the bar moving; the simulators have no maintenance
            // window and these tests run on the real clock at any hour.
            "--Plugins:Intl:RequestGap=00:00:00.020", "--Plugins:Jp:RequestGap=00:00:00.020",
            "--Plugins:Intl:ObserveMaintenanceWindow=false", "--Plugins:Jp:ObserveMaintenanceWindow=false",
            // Every page of every test calls from 127.0.0.1: keep the per-IP API limit out of the way.
            "--ApiRateLimit:PermitLimit=100000",
            .. Discord.SiloSettings,
        ], services => services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, Clock));

        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync().WaitAsync(SiloInProcess.Timeout);
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (Jp is not null)
        {
            await Jp.DisposeAsync();
        }

        if (Intl is not null)
        {
            await Intl.DisposeAsync();
        }

        if (Discord is not null)
        {
            await Discord.DisposeAsync();
        }
    }

    /// <summary>A Discord user no other test has used, which the fake Discord signs in from now on.</summary>
    internal DiscordUser NextDiscordUser(string name)
    {
        var n = Interlocked.Increment(ref _users);
        var user = new DiscordUser((900000000000000000L + n).ToString(System.Globalization.CultureInfo.InvariantCulture), $"player{n}", name, null);
        Discord.User = user;
        return user;
    }
}

[CollectionDefinition(Name)]
public sealed class SiteGroup : ICollectionFixture<SiteWorld>
{
    public const string Name = "site";
}
