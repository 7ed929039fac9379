using System.Globalization;
using Google.Protobuf;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using ChartType = Maimai.Core.Game.ChartType;
using ComboLamp = Maimai.Core.Game.ComboLamp;
using Difficulty = Maimai.Core.Game.Difficulty;
using ProtoComboLamp = Maimai.Grpc.Contracts.V1.ComboLamp;
using ProtoRegion = Maimai.Grpc.Contracts.V1.Region;
using Region = Maimai.Core.Game.Region;
using SyncLamp = Maimai.Core.Game.SyncLamp;
using ScoreRank = Maimai.Grpc.Contracts.V1.ScoreRank;
using ChartScore = Maimai.Silo.Storage.Scores.ChartScore;
using RecentPlay = Maimai.Silo.Storage.Plays.RecentPlay;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// InsightsService's history rpcs on PostgreSQL over a player of their own ("Dave", added per test), written through
/// the storage repositories the fetch uses:
/// - JP snapshots on 2025-05-01 10:00Z (100 plays in all), 20:00Z (110), 05-04 12:00Z (130), 05-06 12:00Z (130) and
///   13:00Z (133); Alpha EXPERT 97.0000% at the first, the same at the second, 99.2000% FC+ at the third.
/// - one INTL snapshot on 05-02 with Alpha EXPERT at 80.0000%.
/// - stored plays: four one-track credits on 05-01 at 15:00–15:30Z; on 05-04 at 09:00–09:40Z five tracks (tracks 1–4
///   and 1 again: two credits), the first without FAST/LATE.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class HistoryRpcTests(ApiFixture api)
{
    private const int InvalidArgument = 3;
    private const int NotFound = 5;
    private static readonly DateTimeOffset Day1 = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Chart_history_lists_each_version_with_the_snapshot_it_first_appeared_in()
    {
        var dave = await SeedAsync();

        var jp = (await CallAsync<GetChartHistoryResponse>(dave.User, "GetChartHistory",
            new GetChartHistoryRequest { Region = ProtoRegion.Jp, ChartId = Id(api.Chart.AlphaExpert) })).Response;

        Assert.Equal(("Alpha", Maimai.Grpc.Contracts.V1.Difficulty.Expert, 120, 1800), (jp.Title, jp.Difficulty, jp.LevelX10, jp.DxScoreMax));
        Assert.Equal(
            [(Id(dave.Jp[0]), Day1.AddHours(10), 970_000, ScoreRank.S, 1500, ProtoComboLamp.None, 3), (Id(dave.Jp[2]), Day1.AddDays(3).AddHours(12), 992_000, ScoreRank.Ss, 1620, ProtoComboLamp.FcPlus, 9)],
            jp.Versions.Select(v => (v.SnapshotId, v.TakenAt.ToDateTimeOffset(), v.AchievementX10000, v.Rank, v.DxScore, v.ComboLamp, v.PlayCount)));

        // The other region keeps its own versions.
        var intl = (await CallAsync<GetChartHistoryResponse>(dave.User, "GetChartHistory",
            new GetChartHistoryRequest { Region = ProtoRegion.Intl, ChartId = Id(api.Chart.AlphaExpert) })).Response;
        Assert.Equal([(Id(dave.Intl), 800_000)], intl.Versions.Select(v => (v.SnapshotId, v.AchievementX10000)));
    }

    [Fact]
    public async Task Chart_history_of_a_chart_only_someone_else_played_is_not_found_and_shows_nothing_of_theirs()
    {
        var dave = await SeedAsync();
        var bob = api.Client(api.Bob);

        // Bob never played Alpha EXPERT: Dave's versions are not his.
        var other = await CallAsync<GetChartHistoryResponse>(bob, "GetChartHistory", new GetChartHistoryRequest { Region = ProtoRegion.Jp, ChartId = Id(api.Chart.AlphaExpert) });
        Assert.Equal(NotFound, other.Status);
        Assert.DoesNotContain(Id(dave.Jp[0]), other.Message, StringComparison.Ordinal);

        // Alpha MASTER, which both played: Bob sees only his own 70.0000%.
        var own = (await CallAsync<GetChartHistoryResponse>(bob, "GetChartHistory", new GetChartHistoryRequest { Region = ProtoRegion.Jp, ChartId = Id(api.Chart.AlphaMaster) })).Response;
        Assert.Equal([(Id(api.Bob.Snapshots[0]), 700_000)], own.Versions.Select(v => (v.SnapshotId, v.AchievementX10000)));

        // A chart Dave played in JP only, asked for in INTL.
        Assert.Equal(NotFound, (await CallAsync<GetChartHistoryResponse>(dave.User, "GetChartHistory",
            new GetChartHistoryRequest { Region = ProtoRegion.Intl, ChartId = Id(api.Chart.BravoMaster) })).Status);
    }

    [Theory]
    [InlineData("999999", "chart_id: names no chart in the songs database")]
    [InlineData("abc", "chart_id: names no chart in the songs database")]
    [InlineData("", "chart_id: is required")]
    public async Task Chart_history_of_an_unknown_chart_is_invalid(string chartId, string message)
    {
        var dave = await SeedAsync();
        var result = await CallAsync<GetChartHistoryResponse>(dave.User, "GetChartHistory", new GetChartHistoryRequest { Region = ProtoRegion.Jp, ChartId = chartId });
        Assert.Equal(InvalidArgument, result.Status);
        Assert.Contains(message, result.Message, StringComparison.Ordinal);
        Assert.Equal(InvalidArgument, (await CallAsync<GetChartHistoryResponse>(dave.User, "GetChartHistory", new GetChartHistoryRequest { ChartId = Id(api.Chart.AlphaExpert) })).Status);
    }

    [Fact]
    public async Task Plays_per_day_count_stored_plays_and_put_unlisted_plays_on_their_day_or_in_a_span()
    {
        var dave = await SeedAsync();

        var utc = (await CallAsync<GetPlayActivityResponse>(dave.User, "GetPlayActivity",
            new GetPlayActivityRequest { Region = ProtoRegion.Jp, FromDate = "2025-05-01", ToDate = "2025-05-06" })).Response;

        // Plays are credits, as the play count counts them. 05-01: 4 stored + 6 more the counts show (110 - 100)
        // between two snapshots that day; 05-04: the 2 stored credits; 05-06: 3 from the counts alone; 18 more
        // (130 - 110 - 2) fell between 05-01 20:00 and the first stored credit of 05-04.
        Assert.Equal(
            [("2025-05-01", 10, PlayCountSource.Both), ("2025-05-04", 2, PlayCountSource.RecentPlays), ("2025-05-06", 3, PlayCountSource.PlayCounts)],
            utc.Days.Select(d => (d.Date, d.Plays, d.Source)));
        Assert.Equal([("2025-05-01", "2025-05-04", 18)], utc.Spans.Select(s => (s.FromDate, s.ToDate, s.Plays)));
        Assert.Equal(15, utc.TotalPlays);

        // In Japan the plays of 15:00Z are on 05-02, so the six unlisted ones span 05-01 (19:00 JST) to 05-02.
        var jst = (await CallAsync<GetPlayActivityResponse>(dave.User, "GetPlayActivity",
            new GetPlayActivityRequest { Region = ProtoRegion.Jp, FromDate = "2025-05-01", ToDate = "2025-05-02", UtcOffsetMinutes = 540 })).Response;
        Assert.Equal([("2025-05-02", 4, PlayCountSource.RecentPlays)], jst.Days.Select(d => (d.Date, d.Plays, d.Source)));
        Assert.Equal(("2025-05-01", "2025-05-02", 6), (jst.Spans[0].FromDate, jst.Spans[0].ToDate, jst.Spans[0].Plays));

        // A range outside the plays, and another user's view of the same days: nothing.
        Assert.Empty((await CallAsync<GetPlayActivityResponse>(dave.User, "GetPlayActivity",
            new GetPlayActivityRequest { Region = ProtoRegion.Jp, FromDate = "2025-06-01", ToDate = "2025-06-30" })).Response.Days);
        var bob = (await CallAsync<GetPlayActivityResponse>(api.Client(api.Bob), "GetPlayActivity",
            new GetPlayActivityRequest { Region = ProtoRegion.Jp, FromDate = "2025-05-01", ToDate = "2025-05-06" })).Response;
        Assert.Equal((0, 0, 0), (bob.Days.Count, bob.Spans.Count, bob.TotalPlays));
    }

    [Theory]
    [InlineData("2025-05-06", "2025-05-01", 0, "to_date: must not be before from_date")]
    [InlineData("2024-01-01", "2025-01-01", 0, "to_date: must be at most 366 days from from_date")]
    [InlineData("2025/05/01", "2025-05-02", 0, "from_date: is not a date as YYYY-MM-DD")]
    [InlineData("", "2025-05-02", 0, "from_date: is required")]
    [InlineData("1900-01-01", "1900-01-02", 0, "from_date: must be from 2000-01-01")]
    [InlineData("2025-05-01", "2025-05-02", 900, "utc_offset_minutes: must be -720 to 840")]
    public async Task Plays_per_day_refuse_a_bad_range_with_a_clear_message(string from, string to, int offset, string message)
    {
        var dave = await SeedAsync();
        var result = await CallAsync<GetPlayActivityResponse>(dave.User, "GetPlayActivity",
            new GetPlayActivityRequest { Region = ProtoRegion.Jp, FromDate = from, ToDate = to, UtcOffsetMinutes = offset });
        Assert.Equal(InvalidArgument, result.Status);
        Assert.Contains(message, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fast_late_trend_sums_each_day_or_each_n_plays_and_skips_plays_without_counts()
    {
        var dave = await SeedAsync();

        var byDay = (await CallAsync<GetJudgementTrendResponse>(dave.User, "GetJudgementTrend",
            new GetJudgementTrendRequest { Region = ProtoRegion.Jp, Grouping = JudgementGrouping.Day })).Response;
        // 05-01: FAST 10+11+12+13, LATE 4×5; 05-04: four timed plays FAST 2 each, LATE 20+21+22+23.
        Assert.Equal(
            [("2025-05-01", 4, 46, 20, 697), ("2025-05-04", 4, 8, 86, 85)],
            byDay.Points.Select(p => (p.Date, p.Plays, p.Fast, p.Late, p.FastSharePerMille)));
        Assert.Equal((8, 54, 106, 338, 1), (byDay.Total.Plays, byDay.Total.Fast, byDay.Total.Late, byDay.Total.FastSharePerMille, byDay.PlaysWithoutCounts));

        // Groups of three counted back from the newest play: 2, 3 and 3 timed plays.
        var byThree = (await CallAsync<GetJudgementTrendResponse>(dave.User, "GetJudgementTrend",
            new GetJudgementTrendRequest { Region = ProtoRegion.Jp, Grouping = JudgementGrouping.Plays, PlaysPerPoint = 3 })).Response;
        Assert.Equal([(2, 21, 10), (3, 27, 30), (3, 6, 66)], byThree.Points.Select(p => (p.Plays, p.Fast, p.Late)));
        Assert.Equal(Day1.AddDays(3).AddHours(9).AddMinutes(40), byThree.Points[^1].ToTime.ToDateTimeOffset());

        // The newest two plays only.
        var lastTwo = (await CallAsync<GetJudgementTrendResponse>(dave.User, "GetJudgementTrend",
            new GetJudgementTrendRequest { Region = ProtoRegion.Jp, Grouping = JudgementGrouping.Plays, LastPlays = 2 })).Response;
        Assert.Equal((2, 4, 45), (lastTwo.Total.Plays, lastTwo.Total.Fast, lastTwo.Total.Late));

        // Bob's trend is his two plays (FAST 10 and 11, LATE 5 each), never Dave's.
        var bob = (await CallAsync<GetJudgementTrendResponse>(api.Client(api.Bob), "GetJudgementTrend",
            new GetJudgementTrendRequest { Region = ProtoRegion.Jp, Grouping = JudgementGrouping.Day })).Response;
        Assert.Equal((2, 21, 10), (bob.Total.Plays, bob.Total.Fast, bob.Total.Late));
    }

    [Fact]
    public async Task Fast_late_trend_refuses_bad_grouping_and_sizes()
    {
        var dave = await SeedAsync();
        var result = await CallAsync<GetJudgementTrendResponse>(dave.User, "GetJudgementTrend",
            new GetJudgementTrendRequest { Region = ProtoRegion.Jp, PlaysPerPoint = 101, LastPlays = 5000 });
        Assert.Equal(InvalidArgument, result.Status);
        Assert.Contains("grouping: set JUDGEMENT_GROUPING_DAY or JUDGEMENT_GROUPING_PLAYS", result.Message, StringComparison.Ordinal);
        Assert.Contains("plays_per_point: set 1 to 100", result.Message, StringComparison.Ordinal);
        Assert.Contains("last_plays: set 1 to 2000", result.Message, StringComparison.Ordinal);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static Task<CallResult<T>> CallAsync<T>(ApiClient client, string method, IMessage request)
        where T : IMessage<T>, new() =>
        client.CallAsync<T>("/maimai.v1.InsightsService/" + method, request).WaitAsync(ApiFixture.Timeout);

    private async Task<Seeded> SeedAsync()
    {
        var user = await api.AddUserAsync("Dave" + Guid.NewGuid().ToString("N")[..8]);
        var scores = api.App.Services.GetRequiredService<ScoreRepository>();
        ChartScore Expert(int achievement, ComboLamp lamp, int dx, int plays) =>
            new(api.Chart.AlphaExpert, new Achievement(achievement), dx, lamp, SyncLamp.None, plays, null);
        var bravo = new ChartScore(api.Chart.BravoMaster, new Achievement(900_000), 1000, ComboLamp.None, SyncLamp.None, 1, null);
        async Task<long> SnapshotAsync(Region region, DateTimeOffset at, int totalPlays, params ChartScore[] charts)
        {
            var profile = new PlayerProfile("DAVE", null, null, null, 12000, null, null, null, null, null, totalPlays);
            return (await scores.WriteSnapshotAsync(api.Database, new SnapshotWrite(user.Id, region, at, null, profile, charts)).WaitAsync(ApiFixture.Timeout)).SnapshotId;
        }

        long[] jp =
        [
            await SnapshotAsync(Region.Jp, Day1.AddHours(10), 100, Expert(970_000, ComboLamp.None, 1500, 3), bravo),
            await SnapshotAsync(Region.Jp, Day1.AddHours(20), 110, Expert(970_000, ComboLamp.None, 1500, 3), bravo),
            await SnapshotAsync(Region.Jp, Day1.AddDays(3).AddHours(12), 130, Expert(992_000, ComboLamp.FullComboPlus, 1620, 9), bravo),
            await SnapshotAsync(Region.Jp, Day1.AddDays(5).AddHours(12), 130, Expert(992_000, ComboLamp.FullComboPlus, 1620, 9), bravo),
            await SnapshotAsync(Region.Jp, Day1.AddDays(5).AddHours(13), 133, Expert(992_000, ComboLamp.FullComboPlus, 1620, 9), bravo),
        ];
        var intl = await SnapshotAsync(Region.Intl, Day1.AddDays(1), 50, Expert(800_000, ComboLamp.None, 1000, 1));

        RecentPlay Play(DateTimeOffset at, int track, int? fast, int? late) => new(
            at.ToUnixTimeSeconds(), track, api.Chart.AlphaExpert, "Alpha", ChartType.Dx, Difficulty.Expert, new Achievement(990_000), 1500, 1800,
            ComboLamp.None, SyncLamp.None, fast, late, "Arcade", null, null, null, null, null, null);
        var plays = new List<RecentPlay>();
        plays.AddRange(Enumerable.Range(0, 4).Select(i => Play(Day1.AddHours(15).AddMinutes(10 * i), 1, 10 + i, 5)));
        plays.AddRange(Enumerable.Range(0, 5).Select(i => Play(Day1.AddDays(3).AddHours(9).AddMinutes(10 * i), (i % 4) + 1, i == 0 ? null : 2, i == 0 ? null : 19 + i)));
        await using (var transaction = await api.Database.BeginAsync().WaitAsync(ApiFixture.Timeout))
        {
            await api.App.Services.GetRequiredService<RecentPlayRepository>().InsertNewAsync(transaction, user.Id, Region.Jp, plays, Day1.AddDays(6)).WaitAsync(ApiFixture.Timeout);
            await transaction.CommitAsync();
        }

        return new Seeded(api.Client(user), jp, intl);
    }

    private sealed record Seeded(ApiClient User, long[] Jp, long Intl);
}
