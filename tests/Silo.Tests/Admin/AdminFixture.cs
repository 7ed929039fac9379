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
/// </summary>
public sealed class AdminFixture : IAsyncLifetime
{
    public const string AdminName = "admin";

    internal InProcessSilo Silo { get; private set; } = null!;

    internal Database Database => Silo.Services.GetRequiredService<Database>();

    public async Task InitializeAsync()
    {
        var cluster = await PostgresCluster.Shared.WaitAsync(TimeSpan.FromSeconds(120));
        var connectionString = await cluster.CreateDatabaseAsync("admin").WaitAsync(InProcessSilo.Timeout);
        Silo = await InProcessSilo.StartAsync(
            "--environment=Development", "--Storage:Provider=Postgres", $"--Storage:ConnectionString={connectionString}",
            $"--Admins:DiscordIds:0={AccountStore.LocalDiscordPrefix}dev:{AdminName}",
            // Every API read compares the songs revision, so an edit shows on the next call (the bound's own test sets it apart).
            "--Songs:RevisionCheckInterval=00:00:00",
            // The import page offers the real otoge-db lists when ../shared is there.
            $"--Songs:ImportFolder={(SharedFolder.IsPresent ? SharedFolder.File("data", "otoge-db") : "")}").WaitAsync(InProcessSilo.Timeout);
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();

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
