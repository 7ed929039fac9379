using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Core.Songs;
using Maimai.Grpc.Contracts.V1;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Pages;
using Maimai.Silo.Fetching.Internal;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Tests.Api;
using Maimai.Silo.Tests.Hosting;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using ChartType = Maimai.Core.Game.ChartType;
using Difficulty = Maimai.Core.Game.Difficulty;
using Region = Maimai.Core.Game.Region;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// The level DX NET displayed, from the real international score lists (../shared/fixtures, January 2026) through the
/// row parser, the fetch's commit and storage, to GetRating on the real host, on both providers, with the otoge-db
/// song lists of ../shared/data. On those pages だから僕は音楽を辞めた DX MASTER shows "12" where otoge-db has 12+
/// (internal 12.7): the chart that may have changed level, named once it counts.
/// </summary>
public sealed class FetchSiteLevelTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string Song = "だから僕は音楽を辞めた";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static readonly string[] ScorePages = ["diff0_basic.html", "diff1_advanced.html", "diff2_expert.html", "diff3_master.html", "diff4_remaster.html"];

    [SharedTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_level_a_real_score_list_displayed_reaches_GetRating_which_names_the_chart_that_may_have_changed_level(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        await using var silo = await InProcessSilo.StartAsync(
            $"--Storage:Provider={db.Database.Dialect.Provider}", $"--Storage:ConnectionString={db.Database.ConnectionString}").WaitAsync(Timeout);
        var services = silo.Services;
        var songs = services.GetRequiredService<SongRepository>();
        await songs.ImportAsync(OtogeDbSongList.Load(SharedFolder.File("data", "otoge-db", "music-ex.json")), Region.Jp).WaitAsync(Timeout);
        await songs.ImportAsync(OtogeDbSongList.Load(SharedFolder.File("data", "otoge-db", "music-ex-intl.json")), Region.Intl).WaitAsync(Timeout);
        services.GetRequiredService<SongCache>().Invalidate();

        using var http = silo.Http2From("127.0.0.1");
        var client = new ApiClient(http, silo.ApiToken);
        var me = (await client.CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest()).WaitAsync(Timeout)).Response;
        var userId = long.Parse(me.UserId, System.Globalization.CultureInfo.InvariantCulture);

        // The pages as a fetch reads them, every chart changed (a first fetch), committed by the fetch's own committer.
        var rows = ScorePages.SelectMany(page => ScoreListPageParser.Parse(
            File.ReadAllText(SharedFolder.File("fixtures", "dxnet", "intl", "scores", page)), Region.Intl).Value!.Rows).ToList();
        var now = DateTimeOffset.UtcNow;
        await CommitAsync(services, userId, rows, rows.Where(r => r.IsPlayed), now);

        var rating = await RatingAsync(client);

        // Every counted chart carries the level its row displayed.
        var shown = rows.Where(r => r.IsPlayed).ToLookup(r => (r.Title, r.Difficulty.ToString()), r => r.Level.Tenths);
        var counted = rating.NewBest.Concat(rating.OldBest).ToList();
        Assert.NotEmpty(counted);
        Assert.All(counted, c => Assert.Contains(c.SiteLevelX10, shown[(c.Title, c.Difficulty.ToString())]));
        // On these pages alone the chart neither counts nor could at 12.6, the top of the "12" shown (as the rating verb finds).
        Assert.DoesNotContain(rating.ChangedLevels, c => c.Title == Song);
        Assert.DoesNotContain(counted, c => c.Title == Song && c.Difficulty == Maimai.Grpc.Contracts.V1.Difficulty.Master);

        // The next fetch: the player clears it at 100.5%, and the same page row still shows "12". Now it counts, at otoge-db's 12.7.
        var improved = rows.Select(r => r is { Title: Song, Type: ChartType.Dx, Difficulty: Difficulty.Master } ? r with { Achievement = new Achievement(1_005_000) } : r).ToList();
        var row = Assert.Single(improved, r => r is { Title: Song, Type: ChartType.Dx, Difficulty: Difficulty.Master });
        Assert.Equal(120, row.Level.Tenths);
        await CommitAsync(services, userId, improved, [row], now.AddMinutes(5));

        rating = await RatingAsync(client);
        var changed = Assert.Single(rating.ChangedLevels, c => c.Title == Song);
        Assert.Equal((Maimai.Grpc.Contracts.V1.Difficulty.Master, 120, 127, 127), (changed.Difficulty, changed.SiteLevelX10, changed.LevelX10, changed.InternalLevelX10));
        counted = [.. rating.NewBest.Concat(rating.OldBest)];
        Assert.Contains(counted, c => c.ChartId == changed.ChartId);
        // Each named chart disagrees; no counted chart that agrees is named.
        Assert.All(rating.ChangedLevels, c => Assert.NotEqual(Shown(c.SiteLevelX10), Shown(c.LevelX10)));
        var named = rating.ChangedLevels.Select(c => c.ChartId).ToHashSet();
        Assert.All(counted.Where(c => !named.Contains(c.ChartId)), c => Assert.Equal(Shown(c.SiteLevelX10), Shown(c.LevelX10)));
    }

    // The pages as a fetch reads them, committed by the fetch's own committer; changedRows are the charts whose best moved.
    private static async Task CommitAsync(IServiceProvider services, long userId, List<ScoreListRow> rows, IEnumerable<ScoreListRow> changedRows, DateTimeOffset now)
    {
        var fetches = services.GetRequiredService<FetchRepository>();
        var started = Assert.IsType<FetchStart.Started>(await fetches.TryStartAsync(userId, Region.Intl, "fixture", now, TimeSpan.Zero).WaitAsync(Timeout));
        var baseline = await FetchBaseline.LoadAsync(services.GetRequiredService<SongCache>(), services.GetRequiredService<SnapshotRepository>(),
            services.GetRequiredService<ScoreRepository>(), services.GetRequiredService<RecentPlayRepository>(), userId, Region.Intl, CancellationToken.None).WaitAsync(Timeout);
        var scrape = ScrapeResult.Success(
            new ScrapedData(new PlayerProfile("FIXTURE"), new ChartScores(false, rows, [.. changedRows.Select(ChartScores.KeyOf)]), null, [], [], []),
            new Dictionary<string, string>(), ScorePages.Length);
        var commit = await services.GetRequiredService<FetchCommitter>()
            .CommitAsync(started.Fetch.ToStatus(), baseline, scrape, "fixture", now, CancellationToken.None).WaitAsync(Timeout);
        Assert.NotNull(commit.SnapshotId);
    }

    private static async Task<GetRatingResponse> RatingAsync(ApiClient client) =>
        (await client.CallAsync<GetRatingResponse>("/maimai.v1.InsightsService/GetRating",
            new GetRatingRequest { LatestForRegion = Maimai.Grpc.Contracts.V1.Region.Intl }).WaitAsync(Timeout)).Response;

    private static string Shown(int tenths) => new Level(tenths).Display;
}
