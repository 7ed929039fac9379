using Maimai.Browser.Tests.Hosting;
using Maimai.Core.Rating;
using Maimai.DxNetSimulator;
using Maimai.Silo.Demo;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;
using Maimai.Testing;
using Maimai.Testing.Discord;
using Maimai.Testing.Postgres;
using Microsoft.Playwright;

namespace Maimai.Browser.Tests;

/// <summary>
/// What an admin's browser meets: the real Silo in this process on a fresh PostgreSQL database with the simulators'
/// songs, a simulated DX NET per region, the fake Discord (whose <see cref="AdminId"/> is an admin by the allowlist)
/// and one headless Chromium. The Silo reads the songs revision on every call (an edit shows on the next page), a
/// fetch's heartbeat is short (a failed run notices soon) and there is no rate limit.
/// </summary>
public sealed class AdminWorld : IAsyncLifetime
{
    /// <summary>The Discord id the allowlist names.</summary>
    public const string AdminId = "810000000000000001";

    private SiloInProcess? _silo;
    private IPlaywright? _playwright;
    private int _players;

    internal FakeDiscord Discord { get; private set; } = null!;

    internal RunningSimulator Intl { get; private set; } = null!;

    internal RunningSimulator Jp { get; private set; } = null!;

    internal IBrowser Browser { get; private set; } = null!;

    /// <summary>The Silo's database, for arranging what a test needs and reading what it did.</summary>
    internal Database Database { get; private set; } = null!;

    internal string Origin => _silo!.Origin;

    internal IReadOnlyList<string> ServerErrors => _silo!.Errors.Lines;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsPresent)
        {
            return; // every test skips; nothing to start
        }

        var cluster = await PostgresCluster.Shared.WaitAsync(TimeSpan.FromSeconds(120));
        var connectionString = await cluster.CreateDatabaseAsync("adminbrowser").WaitAsync(TimeSpan.FromSeconds(60));
        Discord = await FakeDiscord.StartAsync().WaitAsync(SiloInProcess.Timeout);
        Intl = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = Core.Game.Region.Intl, SongCount = 60, UtageCount = 2 }).WaitAsync(SiloInProcess.Timeout);
        Jp = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = Core.Game.Region.Jp, SongCount = 60, UtageCount = 2, Seed = 2 }).WaitAsync(SiloInProcess.Timeout);
        Database = new Database(PostgresDialect.Instance, connectionString);
        await new MigrationRunner(Database).ApplyAsync().WaitAsync(SiloInProcess.Timeout);
        await SimulatorSongCatalog.ImportAsync(new SongRepository(Database), Jp, Intl, CurrentVersions.Default).WaitAsync(SiloInProcess.Timeout);

        _silo = await SiloInProcess.StartAsync([
            "--Storage:Provider=Postgres", $"--Storage:ConnectionString={connectionString}",
            $"--Plugins:Intl:SiteBaseUrl={Intl.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={Intl.GatewayUrl}",
            $"--Plugins:Jp:SiteBaseUrl={Jp.BaseUrl}",
            "--Plugins:Intl:RequestGap=00:00:00.010", "--Plugins:Jp:RequestGap=00:00:00.010",
            "--Plugins:Intl:ObserveMaintenanceWindow=false", "--Plugins:Jp:ObserveMaintenanceWindow=false",
            "--Plugins:Intl:Timeout=00:05:00",
            "--ApiRateLimit:PermitLimit=100000",
            "--Fetching:HeartbeatInterval=00:00:01", "--Fetching:RateLimit=00:00:00",
            "--Songs:RevisionCheckInterval=00:00:00",
            $"--Songs:ImportFolder={(SharedFolder.IsPresent ? SharedFolder.File("data", "otoge-db") : "")}",
            $"--Admins:DiscordIds:0={AdminId}",
            .. Discord.SiloSettings,
        ]);

        Directory.CreateDirectory(SiteWorld.ScreenshotFolder);
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

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        foreach (var sim in new[] { Jp, Intl })
        {
            if (sim is not null)
            {
                await sim.DisposeAsync();
            }
        }

        if (Discord is not null)
        {
            await Discord.DisposeAsync();
        }
    }

    /// <summary>The admin, whom the fake Discord signs in from now on.</summary>
    internal void NextIsAdmin() => Discord.User = new DiscordUser(AdminId, "admin", "The Admin", null);

    /// <summary>A player no other test has used, whom the fake Discord signs in from now on.</summary>
    internal DiscordUser NextPlayer(string name)
    {
        var n = Interlocked.Increment(ref _players);
        var user = new DiscordUser((820000000000000000L + n).ToString(System.Globalization.CultureInfo.InvariantCulture), $"adminplayer{n}", name, null);
        Discord.User = user;
        return user;
    }
}

[CollectionDefinition(Name)]
public sealed class AdminSiteGroup : ICollectionFixture<AdminWorld>
{
    public const string Name = "admin-site";
}

/// <summary>A fact that needs Chromium and ../shared (the otoge-db lists); it skips with the reason when either is absent.</summary>
public sealed class AdminSharedFactAttribute : FactAttribute
{
    public AdminSharedFactAttribute()
    {
        if (!Chromium.IsPresent)
        {
            Skip = Chromium.MissingReason;
        }
        else if (!SharedFolder.IsPresent)
        {
            Skip = SharedFolder.MissingReason;
        }
    }
}
