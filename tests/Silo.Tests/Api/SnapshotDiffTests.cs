using System.Globalization;
using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// GetSnapshotDiff over Alice's two JP snapshots: Alpha EXPERT went 99.0000% FC to 99.5000% FC+, Bravo MASTER
/// 97.0000% to 98.0000% FC; Alpha MASTER and ＦＵＬＬ Ｗｉｄｔｈ BASIC stayed (no new version); three plays in between.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class SnapshotDiffTests(ApiFixture api)
{
    private const int NotFound = 5;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_previous_snapshot_is_the_default_and_only_changed_charts_are_listed()
    {
        var byDefault = (await CallAsync(new GetSnapshotDiffRequest { SnapshotId = Id(api.Alice.Snapshots[1]) })).Response;
        var explicitly = (await CallAsync(new GetSnapshotDiffRequest { SnapshotId = Id(api.Alice.Snapshots[1]), PreviousSnapshotId = Id(api.Alice.Snapshots[0]) })).Response;

        Assert.Equal(byDefault, explicitly);
        Assert.Equal(Id(api.Alice.Snapshots[0]), byDefault.PreviousSnapshotId);
        Assert.Equal([Id(api.Chart.AlphaExpert), Id(api.Chart.BravoMaster)], byDefault.Changes.Select(c => c.ChartId));

        var expert = byDefault.Changes[0];
        Assert.Equal(
            (990_000, 995_000, ScoreRank.Ss, ScoreRank.SsPlus, ComboLamp.Fc, ComboLamp.FcPlus, true, true, true, 0),
            (expert.PreviousAchievementX10000, expert.AchievementX10000, expert.PreviousRank, expert.Rank, expert.PreviousComboLamp, expert.ComboLamp,
             expert.NewBest, expert.LampGained, expert.RankChanged, expert.PlayCountGained));
        var bravo = byDefault.Changes[1];
        Assert.Equal((970_000, 980_000, ScoreRank.S, ScoreRank.SPlus, ComboLamp.None, ComboLamp.Fc),
            (bravo.PreviousAchievementX10000, bravo.AchievementX10000, bravo.PreviousRank, bravo.Rank, bravo.PreviousComboLamp, bravo.ComboLamp));

        // 867 before (Alpha EXPERT 257, Bravo 265) and 879 after (262, 272); the same four charts count in both.
        Assert.Equal((867, 879, 12), (byDefault.PreviousRating, byDefault.Rating, byDefault.RatingChange));
        Assert.Empty(byDefault.EnteredBest);
        Assert.Empty(byDefault.LeftBest);
        Assert.Equal((0, 3), (byDefault.PlayCountGained, byDefault.NewPlays));
    }

    [Fact]
    public async Task A_first_snapshot_another_region_or_a_later_previous_is_not_found()
    {
        Assert.Equal(NotFound, (await CallAsync(new GetSnapshotDiffRequest { SnapshotId = Id(api.Alice.Snapshots[0]) })).Status);
        Assert.Equal(NotFound, (await CallAsync(new GetSnapshotDiffRequest { SnapshotId = Id(api.Alice.Snapshots[1]), PreviousSnapshotId = Id(api.Alice.Snapshots[2]) })).Status);
        Assert.Equal(NotFound, (await CallAsync(new GetSnapshotDiffRequest { SnapshotId = Id(api.Alice.Snapshots[0]), PreviousSnapshotId = Id(api.Alice.Snapshots[1]) })).Status);
        Assert.Equal(NotFound, (await CallAsync(new GetSnapshotDiffRequest { SnapshotId = Id(api.Alice.Snapshots[1]), PreviousSnapshotId = "x" })).Status);
    }

    private Task<CallResult<GetSnapshotDiffResponse>> CallAsync(IMessage request) =>
        api.Client(api.Alice).CallAsync<GetSnapshotDiffResponse>("/maimai.v1.InsightsService/GetSnapshotDiff", request).WaitAsync(ApiFixture.Timeout);
}
