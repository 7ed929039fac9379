using Maimai.Core.Accounts;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ChartType = Maimai.Core.Game.ChartType;
using ComboLamp = Maimai.Core.Game.ComboLamp;
using Difficulty = Maimai.Core.Game.Difficulty;
using ProtoRegion = Maimai.Grpc.Contracts.V1.Region;
using RecentPlay = Maimai.Silo.Storage.Plays.RecentPlay;
using Region = Maimai.Core.Game.Region;
using SyncLamp = Maimai.Core.Game.SyncLamp;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// GetPlayActivity and GetJudgementTrend on the embedded default (SQLite, the real host), as IsolationTests checks
/// them on PostgreSQL: each caller counts only their own stored plays, never another user's on the same days.
/// The host's user ("limited") has three one-track credits on 2025-03-02 (FAST 10, 11, 12; LATE 5 each); another
/// user has two on 03-01 and one on 03-02 (FAST 40; LATE 30 each), and nobody has any INTL play.
/// </summary>
public sealed class HistorySqliteIsolationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Day = new(2025, 3, 2, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Plays_per_day_and_fast_late_count_only_the_callers_plays_on_sqlite()
    {
        await using var silo = await InProcessSilo.StartAsync().WaitAsync(Timeout);
        using var http = silo.Http2From("127.0.0.1");
        var mine = new ApiClient(http, silo.ApiToken);
        var accounts = silo.Services.GetRequiredService<IAccountStore>();
        var other = await accounts.CreateLocalUserAsync("other", isAdmin: false, CancellationToken.None).WaitAsync(Timeout);
        var theirs = new ApiClient(http, (await accounts.CreateApiTokenAsync(other.Id, "other", CancellationToken.None).WaitAsync(Timeout))!.Plaintext);
        var me = long.Parse((await mine.CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest()).WaitAsync(Timeout)).Response.UserId,
            System.Globalization.CultureInfo.InvariantCulture);

        await AddPlaysAsync(silo, me, [Play(Day, 10, 5), Play(Day.AddMinutes(10), 11, 5), Play(Day.AddMinutes(20), 12, 5)]);
        await AddPlaysAsync(silo, other.Id, [Play(Day.AddDays(-1), 40, 30), Play(Day.AddDays(-1).AddMinutes(10), 40, 30), Play(Day.AddMinutes(5), 40, 30)]);

        var activity = new GetPlayActivityRequest { Region = ProtoRegion.Jp, FromDate = "2025-02-28", ToDate = "2025-03-03" };
        var myDays = (await CallAsync<GetPlayActivityResponse>(mine, "GetPlayActivity", activity)).Response;
        Assert.Equal([("2025-03-02", 3)], myDays.Days.Select(d => (d.Date, d.Plays)));
        Assert.Equal(3, myDays.TotalPlays);
        var theirDays = (await CallAsync<GetPlayActivityResponse>(theirs, "GetPlayActivity", activity)).Response;
        Assert.Equal([("2025-03-01", 2), ("2025-03-02", 1)], theirDays.Days.Select(d => (d.Date, d.Plays)));
        Assert.Empty((await CallAsync<GetPlayActivityResponse>(mine, "GetPlayActivity", new GetPlayActivityRequest
        {
            Region = ProtoRegion.Intl, FromDate = "2025-02-28", ToDate = "2025-03-03",
        })).Response.Days);

        var trend = new GetJudgementTrendRequest { Region = ProtoRegion.Jp, Grouping = JudgementGrouping.Plays };
        var myTrend = (await CallAsync<GetJudgementTrendResponse>(mine, "GetJudgementTrend", trend)).Response;
        Assert.Equal((3, 33, 15), (myTrend.Total.Plays, myTrend.Total.Fast, myTrend.Total.Late));
        var theirTrend = (await CallAsync<GetJudgementTrendResponse>(theirs, "GetJudgementTrend", trend)).Response;
        Assert.Equal((3, 120, 90), (theirTrend.Total.Plays, theirTrend.Total.Fast, theirTrend.Total.Late));
        var byDay = (await CallAsync<GetJudgementTrendResponse>(mine, "GetJudgementTrend",
            new GetJudgementTrendRequest { Region = ProtoRegion.Jp, Grouping = JudgementGrouping.Day })).Response;
        Assert.Equal([("2025-03-02", 3, 33, 15)], byDay.Points.Select(p => (p.Date, p.Plays, p.Fast, p.Late)));
    }

    private static RecentPlay Play(DateTimeOffset at, int fast, int late) => new(
        at.ToUnixTimeSeconds(), 1, null, "Alpha", ChartType.Dx, Difficulty.Expert, new Core.Game.Achievement(990_000), 1500, null,
        ComboLamp.None, SyncLamp.None, fast, late, "Arcade", null, null, null, null, null, null);

    private static async Task AddPlaysAsync(InProcessSilo silo, long userId, IReadOnlyList<RecentPlay> plays)
    {
        var database = silo.Services.GetRequiredService<Database>();
        await using var transaction = await database.BeginAsync().WaitAsync(Timeout);
        await silo.Services.GetRequiredService<RecentPlayRepository>().InsertNewAsync(transaction, userId, Region.Jp, plays, Day.AddDays(1)).WaitAsync(Timeout);
        await transaction.CommitAsync();
    }

    private static Task<CallResult<T>> CallAsync<T>(ApiClient client, string method, Google.Protobuf.IMessage request)
        where T : Google.Protobuf.IMessage<T>, new() =>
        client.CallAsync<T>("/maimai.v1.InsightsService/" + method, request).WaitAsync(Timeout);
}
