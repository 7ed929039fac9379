using System.Globalization;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Rating;
using Maimai.DxNetSimulator;
using Maimai.Silo.Hosting;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Time;

namespace Maimai.Silo.Demo;

/// <summary>
/// `--demo`: the Silo against an in-process simulated DX NET (international and Japanese), offline, on its own
/// SQLite file (data/demo.db, never the real data). At start it imports the simulators' songs (versions and internal
/// levels, <see cref="SimulatorSongCatalog"/>), so a first fetch already shows a rating and recommendations. The demo
/// user, the development login's user "demo", gets the simulators' tokens as its maimai tokens, so the site's "Fetch
/// now" works at once; the console shows an API token and ready-to-paste `buf curl` commands.
/// </summary>
public static class DemoMode
{
    /// <summary>The demo user's name, which the development login takes.</summary>
    public const string UserName = "demo";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        await using var intl = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = Region.Intl }, cancellationToken);
        await using var jp = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = Region.Jp, Seed = 2 }, cancellationToken);

        // Demo defaults first, so anything the caller passes (--Storage:..., --Ports:...) still wins.
        var settings = new List<string>();
        if (!args.Any(a => a.Contains("Storage:", StringComparison.OrdinalIgnoreCase)))
        {
            Directory.CreateDirectory("data");
            settings.AddRange(["--Storage:Provider=Sqlite", "--Storage:ConnectionString=Data Source=data/demo.db"]);
        }

        foreach (var sim in new[] { intl, jp })
        {
            var name = sim.Region.ToString();
            settings.AddRange([
                $"--Plugins:{name}:SiteBaseUrl={sim.BaseUrl}",
                $"--Plugins:{name}:LoginGatewayUrl={sim.GatewayUrl}",
                // The simulator is local and needs no politeness; at 100 ms the first fetch (about 1,070 pages) took
                // two minutes. 10 ms keeps WatchFetch's progress visible.
                $"--Plugins:{name}:RequestGap=00:00:00.010",
                $"--Plugins:{name}:ObserveMaintenanceWindow=false", // the simulator has no maintenance; the demo works at any hour
            ]);
        }

        return await SiloHost.RunAsync([.. settings, .. args], cancellationToken, (services, ports, ct) => GreetAsync(services, ports, intl, jp, ct));
    }

    private static async Task GreetAsync(IServiceProvider services, PortOptions ports, RunningSimulator intl, RunningSimulator jp, CancellationToken cancellationToken)
    {
        var accounts = services.GetRequiredService<IAccountStore>();
        var tokens = services.GetRequiredService<IDxNetTokenStore>();
        // The development login's user "demo", so signing in on the site with that name finds these tokens; on the
        // same database a later demo finds the same user (and its snapshots) and saves the new simulators' tokens.
        var users = services.GetRequiredService<UserRepository>();
        // Before any fetch can start, so its scores are rated; on an existing demo database this changes nothing.
        await SimulatorSongCatalog.ImportAsync(
            services.GetRequiredService<SongRepository>(), jp, intl, services.GetRequiredService<CurrentVersions>(), cancellationToken);
        var user = await users.UpsertByDiscordIdAsync(AccountStore.DevelopmentDiscordId(UserName), UserName, ServiceClock.Get(services).GetUtcNow(), cancellationToken);
        await users.SetAdminAsync(user.Id, true, cancellationToken);
        // Saving checks each token against its simulator, as it would against the real site.
        foreach (var (region, token) in new[] { (Region.Intl, "clal=" + intl.Sessions.ClalToken), (Region.Jp, "userId=" + jp.Sessions.Current) })
        {
            var saved = await tokens.SetAsync(user.Id, region, token, cancellationToken);
            if (!saved.IsSaved)
            {
                throw new InvalidOperationException($"the demo could not save its {region.ToName()} token: {saved.Message}");
            }
        }

        var api = await accounts.CreateApiTokenAsync(user.Id, "demo", cancellationToken)
            ?? throw new InvalidOperationException("the demo user vanished before its API token was created");

        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports.Grpc}");
        // --protocol grpc: buf curl speaks Connect by default, which this server does not serve.
        var curl = $"buf curl --protocol grpc --http2-prior-knowledge -H 'authorization: Bearer {api.Plaintext}'";
        Console.WriteLine($$"""

            ── maimai demo ──────────────────────────────────────────────────────────────
            Simulated DX NET: intl {{intl.SiteUrl}}  jp {{jp.SiteUrl}}
            Demo user {{user.Id}} (admin), maimai tokens saved for intl and jp. Database: {{DescribeStorage(services)}}
            Site: http://127.0.0.1:{{ports.Http}}/ {{SignInHint(services)}}
            API token (shown once): {{api.Plaintext}}

            Start a fetch (prints the fetch id):
              {{curl}} -d '{"region":"REGION_INTL"}' {{url}}/maimai.v1.FetchService/StartFetch
            Watch it to the end (paste the id; the last message has the snapshot id):
              {{curl}} -d '{"fetchId":"<fetch id>"}' {{url}}/maimai.v1.FetchService/WatchFetch
            Or poll it:
              {{curl}} -d '{"fetchId":"<fetch id>"}' {{url}}/maimai.v1.FetchService/GetFetch
            The snapshots, newest first:
              {{curl}} -d '{"region":"REGION_INTL"}' {{url}}/maimai.v1.SnapshotService/ListSnapshots
            Its scores, 50 a page (paste the snapshot id; then "pageToken" for the next page):
              {{curl}} -d '{"snapshotId":"<snapshot id>","pageSize":50}' {{url}}/maimai.v1.SnapshotService/ListScores
            (`buf curl --protocol grpc --http2-prior-knowledge --list-methods {{url}}` shows every method; REGION_JP fetches the Japanese simulator.)
            ─────────────────────────────────────────────────────────────────────────────

            """);
    }

    // The development login exists only in the Development environment (`dotnet run` sets it, launchSettings.json).
    private static string SignInHint(IServiceProvider services) =>
        services.GetRequiredService<IHostEnvironment>().IsDevelopment()
            ? $"(sign in with the development login as \"{UserName}\": its tokens are saved)"
            : "(the development login needs ASPNETCORE_ENVIRONMENT=Development; the API token below works anywhere)";

    private static string DescribeStorage(IServiceProvider services)
    {
        var options = services.GetRequiredService<IConfiguration>().GetSection("Storage");
        // Only SQLite's connection string is shown: another provider's may hold a password.
        // An unset provider is the default, SQLite (a connection string alone must not print an empty name).
        var provider = options["Provider"] ?? new StorageOptions().Provider;
        return string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase)
            ? $"SQLite {options["ConnectionString"]}"
            : provider;
    }
}
