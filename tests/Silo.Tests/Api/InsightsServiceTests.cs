using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Google.Protobuf;
using Maimai.Core.Exports;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Services.V1;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// InsightsService over the seeded snapshots. Alice's second JP snapshot: Alpha MASTER (PRiSM, 13.9, 100.5000% AP),
/// Alpha EXPERT (PRiSM, 12.5, 99.5000% FC+), Bravo MASTER (CiRCLE, "13+" with no internal level, 98.0000% FC) and
/// ＦＵＬＬ Ｗｉｄｔｈ BASIC (DX, 3.0, 80.0000%); the current version is CiRCLE PLUS, so only Bravo is new.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class InsightsServiceTests(ApiFixture api)
{
    private const int InvalidArgument = 3;
    private const int NotFound = 5;

    private static readonly string[] TachiLamps = ["FAILED", "CLEAR", "FULL COMBO", "FULL COMBO+", "ALL PERFECT", "ALL PERFECT+"];

    private static readonly string[] TachiDifficulties =
        ["Basic", "Advanced", "Expert", "Master", "Re:Master", "DX Basic", "DX Advanced", "DX Expert", "DX Master", "DX Re:Master"];

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task GetRating_gives_the_best_charts_their_contributions_and_next_rank_gains()
    {
        var rating = (await CallAsync<GetRatingResponse>("GetRating", new GetRatingRequest { SnapshotId = Id(api.Alice.Snapshots[1]) })).Response;

        Assert.Equal(("CiRCLE PLUS", 14090, Region.Jp), (rating.CurrentVersion, rating.SiteRating, rating.Region));
        // floor(13.7 x 98.0000 x 20.3 / 100) = 272: Bravo's unknown level is rated at 13+'s floor.
        var bravo = Assert.Single(rating.NewBest);
        Assert.Equal((Id(api.Chart.BravoMaster), 137, 272, true, false), (bravo.ChartId, bravo.RatingLevelX10, bravo.Contribution, bravo.IsNew, bravo.HasInternalLevelX10));
        // Reaching SS (99.0000%, coefficient 20.8) makes it floor(13.7 x 99 x 20.8 / 100) = 282.
        Assert.Equal((ScoreRank.Ss, 10), (bravo.NextRank, bravo.NextRankGain));

        Assert.Equal(
            [(Id(api.Chart.AlphaMaster), 313), (Id(api.Chart.AlphaExpert), 262), (Id(api.Chart.FullWidthBasic), 32)],
            rating.OldBest.Select(c => (c.ChartId, c.Contribution)));
        var alphaMaster = rating.OldBest[0];
        Assert.Equal((139, ComboLamp.Ap, false, false), (alphaMaster.InternalLevelX10, alphaMaster.ComboLamp, alphaMaster.HasNextRank, alphaMaster.HasNextRankGain));
        Assert.Equal((ScoreRank.Sss, 8), (rating.OldBest[1].NextRank, rating.OldBest[1].NextRankGain));
        Assert.Equal((ScoreRank.Aa, 9), (rating.OldBest[2].NextRank, rating.OldBest[2].NextRankGain));

        Assert.Equal((272, 607, 879), (rating.NewTotal, rating.OldTotal, rating.Rating));
        Assert.Equal([Id(api.Chart.BravoMaster)], rating.UnknownLevels.Select(c => c.ChartId));
    }

    [Fact]
    public async Task GetRating_of_the_latest_intl_snapshot_uses_the_international_level()
    {
        var rating = (await CallAsync<GetRatingResponse>("GetRating", new GetRatingRequest { LatestForRegion = Region.Intl })).Response;

        Assert.Equal(Id(api.Alice.Snapshots[2]), rating.SnapshotId);
        var alpha = Assert.Single(rating.OldBest);
        // The international site displays 14; no international internal level is known, so the JP 13.9 is used.
        Assert.Equal((140, 139, 950_000, 221, ScoreRank.S, 48), (alpha.LevelX10, alpha.RatingLevelX10, alpha.AchievementX10000, alpha.Contribution, alpha.NextRank, alpha.NextRankGain));
        Assert.Equal(221, rating.Rating);
        Assert.Empty(rating.NewBest);
    }

    [Fact]
    public async Task GetRating_refuses_a_missing_selector_and_unknown_ids()
    {
        var none = await CallAsync<GetRatingResponse>("GetRating", new GetRatingRequest());
        Assert.Equal(InvalidArgument, none.Status);
        Assert.Equal("selector", Assert.Single(none.Detail<Google.Rpc.BadRequest>().FieldViolations).Field);

        Assert.Equal(NotFound, (await CallAsync<GetRatingResponse>("GetRating", new GetRatingRequest { SnapshotId = "not-a-number" })).Status);
        Assert.Equal(NotFound, (await CallAsync<GetRatingResponse>("GetRating", new GetRatingRequest { SnapshotId = "987654321" })).Status);
    }

    [Fact]
    public async Task Csv_has_a_header_and_one_row_per_chart_that_read_back_as_the_scores()
    {
        var snapshot = Id(api.Alice.Snapshots[1]);
        var export = (await CallAsync<ExportSnapshotResponse>("ExportSnapshot", new ExportSnapshotRequest { SnapshotId = snapshot, Format = ExportFormat.Csv })).Response;
        var scores = await ScoresAsync(snapshot);

        Assert.Equal(ScoreCsv.ContentType, export.ContentType);
        Assert.EndsWith(".csv", export.FileName, StringComparison.Ordinal);
        using var reader = new StringReader(export.Content.ToStringUtf8());
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        Assert.True(await csv.ReadAsync());
        Assert.True(csv.ReadHeader());
        Assert.Equal(ScoreCsv.Columns, csv.HeaderRecord);
        var rows = new List<(string, string, int, string, string, string, string)>();
        while (await csv.ReadAsync())
        {
            rows.Add((csv.GetField("chart_id")!, csv.GetField("title")!, ParseAchievement(csv.GetField("achievement")!),
                csv.GetField("level")!, csv.GetField("internal_level")!, csv.GetField("combo_lamp")!, csv.GetField("play_count")!));
        }

        Assert.Equal(
            scores.Select(s => (s.ChartId, s.Title, s.AchievementX10000, Display(s.LevelX10), s.HasInternalLevelX10 ? Precise(s.InternalLevelX10) : "",
                Lamp(s.ComboLamp), s.HasPlayCount ? Id(s.PlayCount) : "")),
            rows);
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public async Task Json_reads_back_as_the_same_scores()
    {
        var snapshot = Id(api.Alice.Snapshots[1]);
        var export = (await CallAsync<ExportSnapshotResponse>("ExportSnapshot", new ExportSnapshotRequest { SnapshotId = snapshot, Format = ExportFormat.Json })).Response;
        var scores = await ScoresAsync(snapshot);

        using var json = JsonDocument.Parse(export.Content.Memory);
        Assert.Equal((api.Alice.Snapshots[1], "jp", 14090), (json.RootElement.GetProperty("snapshotId").GetInt64(),
            json.RootElement.GetProperty("region").GetString(), json.RootElement.GetProperty("siteRating").GetInt32()));
        Assert.Equal(
            scores.Select(s => (s.ChartId, s.AchievementX10000, s.LevelX10, s.DxScore, Lamp(s.ComboLamp))),
            json.RootElement.GetProperty("scores").EnumerateArray().Select(e => (Id(e.GetProperty("chartId").GetInt32()),
                e.GetProperty("achievementX10000").GetInt32(), e.GetProperty("levelX10").GetInt32(), e.GetProperty("dxScore").GetInt32(),
                e.GetProperty("comboLamp").GetString()!)));
    }

    [Fact]
    public async Task Tachi_batch_manual_follows_the_documented_structure_and_reads_back_as_the_scores()
    {
        var snapshot = Id(api.Alice.Snapshots[1]);
        var export = (await CallAsync<ExportSnapshotResponse>("ExportSnapshot", new ExportSnapshotRequest { SnapshotId = snapshot, Format = ExportFormat.Tachi })).Response;
        var scores = await ScoresAsync(snapshot);

        using var json = JsonDocument.Parse(export.Content.Memory);
        var root = json.RootElement;
        Assert.Equal(["head", "body"], root.EnumerateObject().Select(p => p.Name));
        var head = root.GetProperty("head");
        Assert.Equal(("maimaidx", "Single"), (head.GetProperty("game").GetString(), head.GetProperty("playtype").GetString()));
        Assert.InRange(head.GetProperty("service").GetString()!.Length, 2, 15);

        var body = root.GetProperty("body").EnumerateArray().ToList();
        Assert.Equal(scores.Count, body.Count);
        foreach (var score in body)
        {
            // Only documented keys; percent 0 to 101; a documented lamp, match type and difficulty.
            Assert.Subset(new HashSet<string> { "percent", "lamp", "matchType", "identifier", "difficulty", "timeAchieved", "comment", "judgements", "optional" },
                score.EnumerateObject().Select(p => p.Name).ToHashSet());
            Assert.Equal(JsonValueKind.Number, score.GetProperty("percent").ValueKind);
            Assert.InRange(score.GetProperty("percent").GetDecimal(), 0m, 101m);
            Assert.Contains(score.GetProperty("lamp").GetString(), TachiLamps);
            Assert.Equal("songTitle", score.GetProperty("matchType").GetString());
            Assert.False(string.IsNullOrEmpty(score.GetProperty("identifier").GetString()));
            Assert.Contains(score.GetProperty("difficulty").GetString(), TachiDifficulties);
            Assert.True(score.GetProperty("timeAchieved").ValueKind is JsonValueKind.Null || score.GetProperty("timeAchieved").TryGetInt64(out _));
        }

        Assert.Equal(
            scores.Select(s => (s.Title, TachiName(s), s.AchievementX10000 / 10_000m)).Order(),
            body.Select(b => (b.GetProperty("identifier").GetString()!, b.GetProperty("difficulty").GetString()!, b.GetProperty("percent").GetDecimal())).Order());
        var alphaMaster = body.Single(b => b.GetProperty("identifier").GetString() == "Alpha" && b.GetProperty("difficulty").GetString() == "DX Master");
        Assert.Equal(("ALL PERFECT", 100.5m), (alphaMaster.GetProperty("lamp").GetString(), alphaMaster.GetProperty("percent").GetDecimal()));
        Assert.Equal("CLEAR", body.Single(b => b.GetProperty("identifier").GetString() == "ＦＵＬＬ Ｗｉｄｔｈ").GetProperty("lamp").GetString());
    }

    [Fact]
    public async Task Export_refuses_a_missing_format_and_unknown_snapshots()
    {
        var noFormat = await CallAsync<ExportSnapshotResponse>("ExportSnapshot", new ExportSnapshotRequest { SnapshotId = Id(api.Alice.Snapshots[1]) });
        Assert.Equal(InvalidArgument, noFormat.Status);
        Assert.Equal("format", Assert.Single(noFormat.Detail<Google.Rpc.BadRequest>().FieldViolations).Field);

        var unknown = await CallAsync<ExportSnapshotResponse>("ExportSnapshot", new ExportSnapshotRequest { SnapshotId = "987654321", Format = ExportFormat.Csv });
        Assert.Equal(NotFound, unknown.Status);
        Assert.Empty(unknown.Responses);
    }

    [Fact]
    public async Task GetRecommendations_lists_the_charts_whose_next_ranks_raise_the_rating_most()
    {
        var snapshot = Id(api.Alice.Snapshots[1]);
        var rating = (await CallAsync<GetRatingResponse>("GetRating", new GetRatingRequest { SnapshotId = snapshot })).Response;
        var found = (await CallAsync<GetRecommendationsResponse>("GetRecommendations", new GetRecommendationsRequest { SnapshotId = snapshot })).Response;

        Assert.Equal((snapshot, 879), (found.SnapshotId, found.Rating));
        // Alpha MASTER is SSS+ already; the other three all count, so each next rank adds what GetRating says:
        // Bravo 10 (SS), ＦＵＬＬ Ｗｉｄｔｈ 9 (AA), Alpha EXPERT 8 (SSS).
        Assert.Equal(
            [(Id(api.Chart.BravoMaster), ScoreRank.Ss, 990_000, 10), (Id(api.Chart.FullWidthBasic), ScoreRank.Aa, 900_000, 9), (Id(api.Chart.AlphaExpert), ScoreRank.Sss, 1_000_000, 8)],
            found.Recommendations.Select(r => (r.Chart.ChartId, r.NextRank, r.NextRankAchievementX10000, r.NextRankGain)));
        var counted = rating.NewBest.Concat(rating.OldBest).ToDictionary(c => c.ChartId);
        Assert.All(found.Recommendations, r => Assert.Equal(counted[r.Chart.ChartId].NextRankGain, r.NextRankGain));
        // Two ranks up: Bravo at SS+ (99.5000%) is floor(13.7 x 99.5 x 21.1 / 100) = 287, 15 over its 272;
        // Alpha EXPERT at SSS+ (100.5000%) is floor(12.5 x 100.5 x 22.4 / 100) = 281, 19 over its 262.
        Assert.Equal((ScoreRank.SsPlus, 995_000, 15), (found.Recommendations[0].SecondRank, found.Recommendations[0].SecondRankAchievementX10000, found.Recommendations[0].SecondRankGain));
        Assert.Equal((ScoreRank.SssPlus, 19), (found.Recommendations[2].SecondRank, found.Recommendations[2].SecondRankGain));

        var one = (await CallAsync<GetRecommendationsResponse>("GetRecommendations", new GetRecommendationsRequest { SnapshotId = snapshot, Limit = 1 })).Response;
        Assert.Equal([Id(api.Chart.BravoMaster)], one.Recommendations.Select(r => r.Chart.ChartId));
    }

    [Fact]
    public async Task GetRecommendations_refuses_a_bad_limit_and_unknown_snapshots()
    {
        var tooMany = await CallAsync<GetRecommendationsResponse>("GetRecommendations", new GetRecommendationsRequest { SnapshotId = Id(api.Alice.Snapshots[1]), Limit = 101 });
        Assert.Equal(InvalidArgument, tooMany.Status);
        Assert.Equal("limit", Assert.Single(tooMany.Detail<Google.Rpc.BadRequest>().FieldViolations).Field);
        Assert.Equal(InvalidArgument, (await CallAsync<GetRecommendationsResponse>("GetRecommendations", new GetRecommendationsRequest())).Status);
        Assert.Equal(NotFound, (await CallAsync<GetRecommendationsResponse>("GetRecommendations", new GetRecommendationsRequest { SnapshotId = "987654321" })).Status);
    }

    private async Task<IReadOnlyList<ChartScore>> ScoresAsync(string snapshot) =>
        (await CallAsync<ListScoresResponse>("/maimai.v1.SnapshotService/ListScores", new ListScoresRequest { SnapshotId = snapshot, PageSize = 500 })).Response.Scores;

    private static string TachiName(ChartScore s) =>
        EnumMaps.ChartType.TryToCore(s.ChartType, out var type) && EnumMaps.Difficulty.TryToCore(s.Difficulty, out var difficulty)
            ? TachiBatchManual.DifficultyName(type, difficulty)
            : throw new ArgumentOutOfRangeException(nameof(s));

    private static int ParseAchievement(string text) => Core.Game.Achievement.TryParse(text, out var a) ? a.TenThousandths : throw new FormatException(text);

    private static string Display(int levelX10) => new Core.Game.Level(levelX10).Display;

    private static string Precise(int levelX10) => new Core.Game.Level(levelX10).ToString();

    // The CSV and JSON name lamps as Core does; the proto's names differ only in form.
    private static string Lamp(ComboLamp lamp) => lamp switch
    {
        ComboLamp.None => "None",
        ComboLamp.Fc => "FullCombo",
        ComboLamp.FcPlus => "FullComboPlus",
        ComboLamp.Ap => "AllPerfect",
        ComboLamp.ApPlus => "AllPerfectPlus",
        _ => throw new ArgumentOutOfRangeException(nameof(lamp)),
    };

    private Task<CallResult<T>> CallAsync<T>(string method, IMessage request)
        where T : IMessage<T>, new() =>
        api.Client(api.Alice).CallAsync<T>(method.StartsWith('/') ? method : "/maimai.v1.InsightsService/" + method, request).WaitAsync(ApiFixture.Timeout);
}
