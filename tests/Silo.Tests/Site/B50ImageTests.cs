using System.Globalization;
using System.Net;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Core.Songs;
using Maimai.Silo.Site.B50;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Tests.Hosting;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing.Postgres;
using SkiaSharp;
using ChartScore = Maimai.Silo.Storage.Scores.ChartScore;

namespace Maimai.Silo.Tests.Site;

/// <summary>
/// GET /api/b50.png on the real host over PostgreSQL: the signed-in player's best 50 as a PNG that decodes to a
/// 1200 px wide, far from blank picture; another player's snapshot is a 404 like an unknown one, a signed-out request
/// is a 401, and bad arguments are a 400 with words, never a stack trace.
/// </summary>
public sealed class B50ImageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset TakenAt = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private InProcessSilo _silo = null!;
    private Database Db { get; set; } = null!;

    public async Task InitializeAsync()
    {
        var cluster = await PostgresCluster.Shared.WaitAsync(TimeSpan.FromSeconds(120));
        var connection = await cluster.CreateDatabaseAsync("b50").WaitAsync(TimeSpan.FromSeconds(60));
        Db = new Database(PostgresDialect.Instance, connection);
        await new MigrationRunner(Db).ApplyAsync().WaitAsync(InProcessSilo.Timeout);
        // The songs go in before the host starts, so its song library has them from the first request.
        await new SongRepository(Db).ImportAsync(new SongCatalog(Songs()), Region.Intl).WaitAsync(InProcessSilo.Timeout);
        _silo = await InProcessSilo.StartAsync("--environment=Development", "--Storage:Provider=Postgres", $"--Storage:ConnectionString={connection}")
            .WaitAsync(InProcessSilo.Timeout);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await Db.DisposeAsync();
    }

    [Fact]
    public async Task The_signed_in_player_gets_their_best_50_as_a_1200_px_png_that_is_not_blank()
    {
        using var alice = new SiteBrowser(_silo.HttpPort);
        var aliceId = await SignInAsync(alice, "b50 alice");
        var snapshot = await WriteSnapshotAsync(aliceId, "ＡＬＩＣＥ");

        using var response = await GetAsync(alice, "/api/b50.png?region=intl");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"maimai-b50-intl-2026-11-30-{snapshot.ToString(CultureInfo.InvariantCulture)}.png", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var png = await response.Content.ReadAsByteArrayAsync().WaitAsync(SiteBrowser.Timeout);
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(B50Image.Width, bitmap.Width);
        Assert.InRange(bitmap.Height, 1000, 2400); // 15 new and 35 old in three columns

        // Far from blank: the luminance varies, and the difficulty colours and text give many distinct colours.
        var (variance, colours) = Spread(bitmap);
        Assert.True(variance > 100, $"luminance variance {variance:0.0}");
        Assert.True(colours > 100, $"{colours} distinct colours");

        // The same picture by snapshot id.
        using var byId = await GetAsync(alice, $"/api/b50.png?snapshot={snapshot}");
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
    }

    [Fact]
    public async Task Another_players_snapshot_a_signed_out_request_and_bad_arguments_are_refused_in_words()
    {
        using var alice = new SiteBrowser(_silo.HttpPort);
        using var bob = new SiteBrowser(_silo.HttpPort);
        await SignInAsync(alice, "b50 refused alice");
        var bobsSnapshot = await WriteSnapshotAsync(await SignInAsync(bob, "b50 bob"), "BOB");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bob, $"/api/b50.png?snapshot={bobsSnapshot}")).StatusCode);

        await AssertRefusedAsync(alice, $"/api/b50.png?snapshot={bobsSnapshot}", HttpStatusCode.NotFound, "No such snapshot.");
        await AssertRefusedAsync(alice, $"/api/b50.png?snapshot={bobsSnapshot}&region=intl", HttpStatusCode.NotFound, "No such snapshot.");
        await AssertRefusedAsync(alice, "/api/b50.png?region=intl", HttpStatusCode.NotFound, "No such snapshot."); // Alice has none
        await AssertRefusedAsync(bob, $"/api/b50.png?snapshot={bobsSnapshot}&region=jp", HttpStatusCode.NotFound, "No such snapshot.");
        await AssertRefusedAsync(alice, "/api/b50.png?snapshot=not-a-number", HttpStatusCode.NotFound, "No such snapshot.");
        await AssertRefusedAsync(alice, "/api/b50.png", HttpStatusCode.BadRequest, "Set region=intl or region=jp");
        await AssertRefusedAsync(alice, "/api/b50.png?region=eu", HttpStatusCode.BadRequest, "Set region=intl or region=jp");

        using var signedOut = new SiteBrowser(_silo.HttpPort);
        await AssertRefusedAsync(signedOut, $"/api/b50.png?snapshot={bobsSnapshot}", HttpStatusCode.Unauthorized, "Sign in");
    }

    private static async Task AssertRefusedAsync(SiteBrowser browser, string url, HttpStatusCode status, string words)
    {
        using var response = await GetAsync(browser, url);
        var body = await response.Content.ReadAsStringAsync().WaitAsync(SiteBrowser.Timeout);
        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains(words, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetAsync(SiteBrowser browser, string url)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = browser.Cookies }) { BaseAddress = new Uri(browser.Origin) };
        return await http.GetAsync(new Uri(url, UriKind.Relative)).WaitAsync(SiteBrowser.Timeout);
    }

    private async Task<long> SignInAsync(SiteBrowser browser, string name)
    {
        await browser.SignInAsDeveloperAsync(name);
        var (status, me) = await SessionCalls.GetMeAsync(_silo, browser.SessionCookie, browser.Origin);
        Assert.Equal(0, status);
        return long.Parse(me!.UserId, CultureInfo.InvariantCulture);
    }

    // A snapshot of every chart, each at its own achievement and lamp, so both lists fill and the ranks vary.
    private async Task<long> WriteSnapshotAsync(long userId, string name)
    {
        var (library, _) = await new SongRepository(Db).LoadAsync(DateTimeOffset.UtcNow).WaitAsync(InProcessSilo.Timeout);
        var charts = library.Songs.SelectMany(s => s.Charts).OrderBy(c => c.Id).ToList();
        var scores = charts.Select((c, i) => new ChartScore(c.Id, new Achievement(1_010_000 - (i * 1_700)), 1000,
            (ComboLamp)(i % 5), SyncLamp.None, 3, TakenAt.AddHours(-1))).ToList();
        var profile = new PlayerProfile(name, "Title", "Gold", null, 13_500, RatingColor.Platinum);
        var written = await new ScoreRepository(Db).WriteSnapshotAsync(Db, new SnapshotWrite(userId, Region.Intl, TakenAt, null, profile, scores, 0))
            .WaitAsync(InProcessSilo.Timeout);
        return written.SnapshotId;
    }

    // 30 songs: 10 new (CiRCLE PLUS) and 20 old, three charts each, a few with Japanese titles.
    private static IEnumerable<Song> Songs()
    {
        string[] titles = ["だから僕は音楽を辞めた", "ヒバナ", "Link", "PANDORA PARADOXXX", "系ぎて", "BREaK! BREaK! BREaK!", "QZKago Requiem", "ゲシュタルト！"];
        for (var i = 0; i < 30; i++)
        {
            var title = i < titles.Length ? titles[i] : $"Song {i:00}";
            var image = $"b50-{i:00}.png";
            var version = i < 10 ? GameVersion.CirclePlus.FirstCode : GameVersion.Parse("FESTiVAL").FirstCode;
            yield return new Song(SongKeys.For(title, image), title, "Artist", "maimai", version, new DateOnly(2024, 1, 1), image, "180", true, null, null,
            [
                new Chart(ChartType.Dx, Difficulty.Expert, new Level(120), new Level(120 + (i % 7)), NoteCounts.Unknown, null),
                new Chart(ChartType.Dx, Difficulty.Master, new Level(137), new Level(137 + (i % 3)), NoteCounts.Unknown, null),
                new Chart(ChartType.Dx, i % 4 == 0 ? Difficulty.ReMaster : Difficulty.Advanced, new Level(100), new Level(100 + (i % 5)), NoteCounts.Unknown, null),
            ]);
        }
    }

    private static (double Variance, int Colours) Spread(SKBitmap bitmap)
    {
        var (sum, squares, count) = (0.0, 0.0, 0);
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                var luminance = (0.2126 * c.Red) + (0.7152 * c.Green) + (0.0722 * c.Blue);
                (sum, squares, count) = (sum + luminance, squares + (luminance * luminance), count + 1);
                colours.Add((uint)c);
            }
        }

        var mean = sum / count;
        return ((squares / count) - (mean * mean), colours.Count);
    }
}
