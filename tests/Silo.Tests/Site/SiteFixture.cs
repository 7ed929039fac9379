using Maimai.Silo.Storage;
using Maimai.Silo.Tests.Hosting;
using Maimai.Testing.Discord;

namespace Maimai.Silo.Tests.Site;

/// <summary>
/// The real host in the Development environment, signed in through a fake Discord on 127.0.0.1, over a SQLite file
/// the tests read back through the repositories. Shared by the site's test classes, which run one after another.
/// </summary>
public sealed class SiteFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("maimai-site-");

    internal FakeDiscord Discord { get; private set; } = null!;

    internal InProcessSilo Silo { get; private set; } = null!;

    internal Database Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Discord = await FakeDiscord.StartAsync().WaitAsync(InProcessSilo.Timeout);
        Silo = await InProcessSilo.StartAsync(_folder, ["--environment=Development", "--Site:AllowedOrigins:0=https://maimai.example", .. Discord.SiloSettings])
            .WaitAsync(InProcessSilo.Timeout);
        Database = SiloDatabase.Open(_folder);
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        await Silo.DisposeAsync();
        await Discord.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    internal SiteBrowser Browser() => new(Silo.HttpPort);
}

[CollectionDefinition(Name)]
public sealed class SiteGroup : ICollectionFixture<SiteFixture>
{
    public const string Name = "site";
}
