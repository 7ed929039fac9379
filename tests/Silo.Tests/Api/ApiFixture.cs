using System.Net;
using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Silo.Accounts;
using Maimai.Silo.Hosting;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Maimai.Grpc.Web;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// The silo's API on a real Kestrel (h2c + HTTP/1.1 on port 0) over a fresh PostgreSQL database, seeded through the
/// storage repositories: Alice and Bob, each with snapshots, scores and plays. Tests only read the seed or add
/// their own rows, so one fixture serves the collection. Every seam is the real one except the fetch coordinator,
/// a test double here (the real one runs grains and scraper plugins; the fetch part tests it end to end).
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly PostgresFixture _postgres = new();
    private WebApplication? _app;

    public WebApplication App => _app ?? throw new InvalidOperationException("Not started.");

    public Database Database { get; private set; } = null!;

    public FakeFetchCoordinator Fetches { get; } = new();

    public FakeAutoRefresh AutoRefresh { get; } = new();

    /// <summary>The fetch part's real token store (Data Protection with an ephemeral key ring; every token passes the site's check).</summary>
    public IDxNetTokenStore DxNetTokens => App.Services.GetRequiredService<IDxNetTokenStore>();

    public HttpClient Http2 { get; private set; } = null!;

    public HttpClient Http1 { get; private set; } = null!;

    public SeededUser Alice { get; private set; } = null!;

    public SeededUser Bob { get; private set; } = null!;

    public Charts Chart { get; private set; } = null!;

    public ApiClient Client(SeededUser user) => new(Http2, user.Token);

    public ApiClient Anonymous => new(Http2);

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var connectionString = await _postgres.CreateDatabaseAsync("api").WaitAsync(TimeSpan.FromSeconds(60));
        Database = new Database(PostgresDialect.Instance, connectionString);
        await new MigrationRunner(Database).ApplyAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = connectionString,
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddSingleton<IFetchCoordinator>(Fetches);
        builder.Services.AddSingleton<IAutoRefresh>(AutoRefresh);
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DxNetTokenProtector>();
        builder.Services.AddSingleton<IDxNetTokenCheck>(Accounts.ScriptedTokenCheck.Accepting); // the site's check is tested against the simulator
        builder.Services.AddSingleton<IDxNetTokenStore, DxNetTokenStore>();
        builder.Services.AddApi(builder.Configuration);
        builder.Services.AddApiHealthChecks().AddCheck<StorageHealthCheck>("storage");
        _app = builder.Build();
        // As SiloHost orders them: authentication refuses before gRPC-Web rewrites the request.
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.UseApiGrpcWeb();
        _app.MapGrpcHealthChecksService();
        _app.MapApi();
        await _app.StartAsync().WaitAsync(Timeout);

        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.ToList();
        Http1 = new HttpClient { BaseAddress = new Uri(addresses[0]), Timeout = Timeout };
        Http2 = new HttpClient { BaseAddress = new Uri(addresses[1]), Timeout = Timeout };
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        Http1?.Dispose();
        Http2?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(Timeout);
            await _app.DisposeAsync();
        }
    }

    /// <summary>A fresh user with one API token.</summary>
    public async Task<SeededUser> AddUserAsync(string name)
    {
        var accounts = App.Services.GetRequiredService<IAccountStore>();
        var account = await accounts.CreateLocalUserAsync(name, false, default).WaitAsync(Timeout);
        var token = await accounts.CreateApiTokenAsync(account.Id, "test", default).WaitAsync(Timeout);
        return new SeededUser(account.Id, token!.Plaintext, token.Token.Id, [], []);
    }

    private async Task SeedAsync()
    {
        Chart = await AddSongsAsync();
        var scores = App.Services.GetRequiredService<ScoreRepository>();
        var plays = App.Services.GetRequiredService<RecentPlayRepository>();

        var alice = await AddUserAsync("Alice");
        var a1 = await WriteAsync(scores, alice.Id, Region.Jp, T0, 14000, 13990,
            Score(Chart.AlphaMaster, 1_005_000, ComboLamp.AllPerfect), Score(Chart.AlphaExpert, 990_000, ComboLamp.FullCombo),
            Score(Chart.BravoMaster, 970_000, ComboLamp.None), Score(Chart.FullWidthBasic, 800_000, ComboLamp.None));
        var a2 = await WriteAsync(scores, alice.Id, Region.Jp, T0.AddDays(1), 14100, 14090,
            Score(Chart.AlphaMaster, 1_005_000, ComboLamp.AllPerfect), Score(Chart.AlphaExpert, 995_000, ComboLamp.FullComboPlus),
            Score(Chart.BravoMaster, 980_000, ComboLamp.FullCombo), Score(Chart.FullWidthBasic, 800_000, ComboLamp.None));
        var a3 = await WriteAsync(scores, alice.Id, Region.Intl, T0.AddDays(2), 12000, 12000, Score(Chart.AlphaMaster, 950_000, ComboLamp.None));
        await AddPlaysAsync(plays, alice.Id, Region.Jp, T0.AddDays(1), 3, Chart.AlphaExpert);
        var aliceFetch = Fetches.Add(alice.Id, Region.Jp, FetchState.Completed, a2);
        Alice = alice with { Snapshots = [a1, a2, a3], Fetches = [aliceFetch.Id] };

        var bob = await AddUserAsync("Bob");
        var b1 = await WriteAsync(scores, bob.Id, Region.Jp, T0.AddHours(5), 9000, 9000,
            Score(Chart.AlphaMaster, 700_000, ComboLamp.None), Score(Chart.BravoMaster, 710_000, ComboLamp.None));
        await AddPlaysAsync(plays, bob.Id, Region.Jp, T0.AddHours(5), 2, Chart.BravoMaster);
        var bobFetch = Fetches.Add(bob.Id, Region.Jp, FetchState.Running);
        Bob = bob with { Snapshots = [b1], Fetches = [bobFetch.Id] };
    }

    private static ChartScore Score(int chartId, int achievement, ComboLamp lamp) =>
        new(chartId, new Achievement(achievement), 1000 + (achievement / 1000), lamp, SyncLamp.None, 5, T0.AddHours(-1));

    private async Task<long> WriteAsync(ScoreRepository scores, long userId, Region region, DateTimeOffset at, int rating, int siteRating, params ChartScore[] chartScores)
    {
        var profile = new PlayerProfile("PLAYER" + userId, "Title", "Gold", "https://example.invalid/icon.png", siteRating, RatingColor.Platinum,
            ClassRank.S1, CourseRank.Dan10, 42, 100, 1000 + rating);
        var written = await scores.WriteSnapshotAsync(Database, new SnapshotWrite(userId, region, at, null, profile, chartScores, rating)).WaitAsync(Timeout);
        return written.SnapshotId;
    }

    private async Task AddPlaysAsync(RecentPlayRepository plays, long userId, Region region, DateTimeOffset before, int count, int chartId)
    {
        await using var transaction = await Database.BeginAsync().WaitAsync(Timeout);
        var judgements = new PlayJudgements(new NoteJudgements(300, 10, 2, 0, 1), null, null, null, new NoteJudgements(20, 1, 0, 0, 0));
        var list = Enumerable.Range(0, count).Select(i => new RecentPlay(
            before.AddMinutes(-10 * (i + 1)).ToUnixTimeSeconds(), (i % 4) + 1, chartId, "Alpha", ChartType.Dx, Difficulty.Expert,
            new Achievement(990_000 + i), 1500 + i, 1800, ComboLamp.FullCombo, SyncLamp.None, 10 + i, 5, "Arcade", judgements, 400, 420, 0, 0, 3));
        await plays.InsertNewAsync(transaction, userId, region, list, before).WaitAsync(Timeout);
        await transaction.CommitAsync();
    }

    private async Task<Charts> AddSongsAsync()
    {
        await using var connection = await Database.OpenAsync().WaitAsync(Timeout);
        async Task<int> SongAsync(string title, string artist, string genre, int version, bool intl) => await connection.ExecuteScalarAsync<int>(
            "INSERT INTO songs (song_key, title, artist, genre, version_code, image_file, bpm, is_intl, release_date) VALUES (@Key, @Title, @Artist, @Genre, @Version, 'j.png', '150', @Intl, DATE '2020-01-01') RETURNING id",
            new { Key = title, Title = title, Artist = artist, Genre = genre, Version = version, Intl = intl });
        async Task<int> ChartAsync(int song, int type, int difficulty, int level, int? internalLevel, int? intlLevel = null) => await connection.ExecuteScalarAsync<int>(
            "INSERT INTO charts (song_id, chart_type, difficulty, level_x10, internal_level_x10, intl_level_x10, notes_total, notes_tap) VALUES (@Song, @Type, @Difficulty, @Level, @Internal, @IntlLevel, 600, 400) RETURNING id",
            new { Song = song, Type = type, Difficulty = difficulty, Level = level, Internal = internalLevel, IntlLevel = intlLevel });

        var alpha = await SongAsync("Alpha", "Artist A", "POPS＆アニメ", 25000, true);
        var bravo = await SongAsync("Bravo", "Artist B", "maimai", 26000, false);
        var full = await SongAsync("ＦＵＬＬ Ｗｉｄｔｈ", "Artist C", "maimai", 20000, true);
        return new Charts(
            AlphaBasic: await ChartAsync(alpha, 2, 0, 50, 50),
            AlphaExpert: await ChartAsync(alpha, 2, 2, 120, 125),
            AlphaMaster: await ChartAsync(alpha, 2, 3, 137, 139, intlLevel: 140),
            BravoMaster: await ChartAsync(bravo, 1, 3, 137, null),
            FullWidthBasic: await ChartAsync(full, 1, 0, 30, 30),
            AlphaSong: alpha,
            BravoSong: bravo);
    }
}

/// <summary>A seeded user: ids of their token, snapshots (oldest first) and fetches.</summary>
public sealed record SeededUser(long Id, string Token, long TokenId, long[] Snapshots, long[] Fetches);

/// <summary>The seeded chart and song ids.</summary>
public sealed record Charts(int AlphaBasic, int AlphaExpert, int AlphaMaster, int BravoMaster, int FullWidthBasic, int AlphaSong, int BravoSong);

[CollectionDefinition(Name)]
public sealed class ApiGroup : ICollectionFixture<ApiFixture>
{
    public const string Name = "maimai.v1 api";
}
