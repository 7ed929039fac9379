using Maimai.Core.Game;
using Maimai.DxNetSimulator;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Tests.Hosting;
using Maimai.Silo.Tests.Site;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Admin;

/// <summary>
/// The real host in Development on its own PostgreSQL database, where the development login's user "admin" is an
/// admin by the allowlist and every other name is a player. Shared by the admin test classes, one after another.
/// The Intl plugin fetches from a simulated DX NET (<see cref="Intl"/>), with a short heartbeat so a failed fetch's
/// run notices soon, and no rate limit so a player can start again at once.
/// </summary>
public sealed class AdminFixture : IAsyncLifetime
{
    public const string AdminName = "admin";

    internal InProcessSilo Silo { get; private set; } = null!;

    internal RunningSimulator Intl { get; private set; } = null!;

    internal Database Database => Silo.Services.GetRequiredService<Database>();

    public async Task InitializeAsync()
    {
        var cluster = await PostgresCluster.Shared.WaitAsync(TimeSpan.FromSeconds(120));
        var connectionString = await cluster.CreateDatabaseAsync("admin").WaitAsync(InProcessSilo.Timeout);
        Intl = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = Region.Intl, SongCount = 40, UtageCount = 0 }).WaitAsync(InProcessSilo.Timeout);
        Silo = await InProcessSilo.StartAsync(
            $"--Plugins:Intl:SiteBaseUrl={Intl.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={Intl.GatewayUrl}",
            "--Plugins:Intl:ObserveMaintenanceWindow=false", "--Plugins:Intl:Timeout=00:05:00", "--Plugins:Intl:RequestGap=00:00:00.010",
            "--Fetching:HeartbeatInterval=00:00:01", "--Fetching:RateLimit=00:00:00",
            "--environment=Development", "--Storage:Provider=Postgres", $"--Storage:ConnectionString={connectionString}",
            $"--Admins:DiscordIds:0={AccountStore.LocalDiscordPrefix}dev:{AdminName}",
            // Every API read compares the songs revision, so an edit shows on the next call (the bound's own test sets it apart).
            "--Songs:RevisionCheckInterval=00:00:00",
            // The import page offers the real otoge-db lists when ../shared is there.
            $"--Songs:ImportFolder={(SharedFolder.IsPresent ? SharedFolder.File("data", "otoge-db") : "")}").WaitAsync(InProcessSilo.Timeout);
    }

    public async Task DisposeAsync()
    {
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        if (Intl is not null)
        {
            await Intl.DisposeAsync();
        }
    }

    internal SiteBrowser Browser() => new(Silo.HttpPort);

    /// <summary>A browser signed in as the admin.</summary>
    internal async Task<SiteBrowser> AdminAsync()
    {
        var browser = Browser();
        await browser.SignInAsDeveloperAsync(AdminName);
        return browser;
    }
}

[CollectionDefinition(Name)]
public sealed class AdminGroup : ICollectionFixture<AdminFixture>
{
    public const string Name = "admin";
}
