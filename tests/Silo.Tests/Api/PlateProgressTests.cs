using System.Globalization;
using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// InsightsService.GetPlateProgress over the seeded snapshots, on real PostgreSQL. Alice's second JP snapshot has
/// Alpha (PRiSM, so group 鏡: BASIC unplayed, EXPERT 99.5000% FC+, MASTER 100.5000% AP, no sync lamps) and
/// ＦＵＬＬ Ｗｉｄｔｈ BASIC (DX, group 熊: 80.0000%, no lamp) and Bravo MASTER (CiRCLE, group 丸: 98.0000% FC).
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class PlateProgressTests(ApiFixture api)
{
    private const int InvalidArgument = 3;
    private const int NotFound = 5;

    private string Snapshot => Id(api.Alice.Snapshots[1]);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_plate_counts_its_groups_charts_and_lists_the_missing_ones_hardest_first()
    {
        var response = (await CallAsync(new GetPlateProgressRequest { SnapshotId = Snapshot })).Response;

        Assert.Equal((Snapshot, Region.Jp), (response.SnapshotId, response.Region));
        // 27 groups of four plates (one per DX-era version), less 真将.
        Assert.Equal(107, response.Plates.Count);
        var mirror = response.Plates.Where(p => p.VersionGroup == "鏡").ToDictionary(p => p.Kind);
        Assert.Equal(["PRiSM"], mirror[PlateKind.Kiwami].Versions);
        Assert.Equal(
            [("鏡極", 2, 3), ("鏡将", 1, 3), ("鏡神", 1, 3), ("鏡舞舞", 0, 3)],
            new[] { PlateKind.Kiwami, PlateKind.Sho, PlateKind.Shin, PlateKind.Maimai }.Select(k => (mirror[k].Name, mirror[k].Done, mirror[k].Total)));
        Assert.Equal([Id(api.Chart.AlphaBasic)], mirror[PlateKind.Kiwami].Missing.Select(c => c.ChartId));
        var unplayed = mirror[PlateKind.Kiwami].Missing[0];
        Assert.Equal((false, false, 50), (unplayed.Played, unplayed.HasAchievementX10000, unplayed.LevelX10));
        Assert.Equal([Id(api.Chart.AlphaMaster), Id(api.Chart.AlphaExpert), Id(api.Chart.AlphaBasic)], mirror[PlateKind.Maimai].Missing.Select(c => c.ChartId));
        var master = mirror[PlateKind.Maimai].Missing[0];
        Assert.Equal((true, 1_005_000, ComboLamp.Ap, SyncLamp.None, Difficulty.Master), (master.Played, master.AchievementX10000, master.ComboLamp, master.SyncLamp, master.Difficulty));

        var bear = response.Plates.Single(p => p.Name == "熊極");
        Assert.Equal((0, 1, Id(api.Chart.FullWidthBasic)), (bear.Done, bear.Total, Assert.Single(bear.Missing).ChartId));
        // CiRCLE has its own group, 丸: Bravo's MASTER has an FC, not SSS.
        var circle = response.Plates.Where(p => p.VersionGroup == "丸").ToDictionary(p => p.Name, p => (p.Done, p.Total));
        Assert.Equal(new Dictionary<string, (int, int)> { ["丸極"] = (1, 1), ["丸将"] = (0, 1), ["丸神"] = (0, 1), ["丸舞舞"] = (0, 1) }, circle);
        Assert.All(response.Plates.Where(p => p.VersionGroup is not ("鏡" or "熊" or "丸")), p => Assert.Equal((0, 0), (p.Total, p.Missing.Count)));
        Assert.DoesNotContain(response.Plates, p => p.Name == "真将");
        Assert.All(response.Plates, p => Assert.Equal("", p.NextPageToken));
    }

    [Fact]
    public async Task One_plates_missing_charts_page_with_its_token_to_the_end()
    {
        var request = new GetPlateProgressRequest { SnapshotId = Snapshot, VersionGroup = "鏡", Kind = PlateKind.Maimai, PageSize = 2 };
        var first = Assert.Single((await CallAsync(request)).Response.Plates);
        Assert.Equal([Id(api.Chart.AlphaMaster), Id(api.Chart.AlphaExpert)], first.Missing.Select(c => c.ChartId));
        Assert.NotEqual("", first.NextPageToken);

        var second = Assert.Single((await CallAsync(request.Clone().With(r => r.PageToken = first.NextPageToken))).Response.Plates);
        Assert.Equal(("鏡舞舞", 0, 3, ""), (second.Name, second.Done, second.Total, second.NextPageToken));
        Assert.Equal([Id(api.Chart.AlphaBasic)], second.Missing.Select(c => c.ChartId));
    }

    [Fact]
    public async Task A_token_from_the_all_plates_answer_continues_only_its_own_plate()
    {
        var request = new GetPlateProgressRequest { SnapshotId = Snapshot, PageSize = 1 };
        var all = (await CallAsync(request)).Response.Plates;
        var sho = all.Single(p => p.Name == "鏡将");
        Assert.Equal(2, all.Count(p => p.NextPageToken.Length > 0 && p.VersionGroup == "鏡" && p.Kind is PlateKind.Sho or PlateKind.Shin));

        var next = Assert.Single((await CallAsync(request.Clone().With(r => r.PageToken = sho.NextPageToken))).Response.Plates);
        Assert.Equal(("鏡将", ""), (next.Name, next.NextPageToken));
        Assert.Equal([Id(api.Chart.AlphaBasic)], next.Missing.Select(c => c.ChartId));
    }

    [Fact]
    public async Task The_latest_intl_snapshot_counts_the_international_songs_and_a_PLUS_version_is_a_group_of_its_own()
    {
        var response = (await CallAsync(new GetPlateProgressRequest { LatestForRegion = Region.Intl, VersionGroup = "鏡" })).Response;

        Assert.Equal((Id(api.Alice.Snapshots[2]), Region.Intl), (response.SnapshotId, response.Region));
        Assert.Equal([("鏡極", 0, 3), ("鏡将", 0, 3), ("鏡神", 0, 3), ("鏡舞舞", 0, 3)], response.Plates.Select(p => (p.Name, p.Done, p.Total)));
        // The international site shows Alpha MASTER at 14.
        Assert.Equal(140, response.Plates[0].Missing[0].LevelX10);

        // 華 is DX PLUS alone: ＦＵＬＬ Ｗｉｄｔｈ is DX, so 華 counts nothing here; the pair "熊・華" is no group.
        var flower = Assert.Single((await CallAsync(new GetPlateProgressRequest { SnapshotId = Snapshot, VersionGroup = "華", Kind = PlateKind.Shin })).Response.Plates);
        Assert.Equal(("華神", 0), (flower.Name, flower.Total));
        Assert.Equal(["DX PLUS"], flower.Versions);
        Assert.Equal(InvalidArgument, (await CallAsync(new GetPlateProgressRequest { SnapshotId = Snapshot, VersionGroup = "熊・華" })).Status);
    }

    [Fact]
    public async Task Bad_arguments_are_named_and_unknown_snapshots_are_not_found()
    {
        var bad = await CallAsync(new GetPlateProgressRequest { VersionGroup = "CiRCLE", Kind = (PlateKind)99, PageSize = -1, PageToken = "bm90LWEtdG9rZW4" });
        Assert.Equal(InvalidArgument, bad.Status);
        Assert.Equal(["kind", "page_size", "page_token", "selector", "version_group"],
            bad.Detail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));

        // A token is bound to the arguments it was issued for.
        var paged = (await CallAsync(new GetPlateProgressRequest { SnapshotId = Snapshot, VersionGroup = "鏡", PageSize = 1 })).Response.Plates.Single(p => p.Kind == PlateKind.Sho);
        Assert.NotEqual("", paged.NextPageToken);
        var reused = await CallAsync(new GetPlateProgressRequest { SnapshotId = Snapshot, VersionGroup = "熊", PageSize = 1, PageToken = paged.NextPageToken });
        Assert.Equal(InvalidArgument, reused.Status);

        Assert.Equal(NotFound, (await CallAsync(new GetPlateProgressRequest { SnapshotId = "987654321" })).Status);
        Assert.Equal(NotFound, (await CallAsync(new GetPlateProgressRequest { SnapshotId = "not-a-number" })).Status);
    }

    private Task<CallResult<GetPlateProgressResponse>> CallAsync(IMessage request) =>
        api.Client(api.Alice).CallAsync<GetPlateProgressResponse>("/maimai.v1.InsightsService/GetPlateProgress", request).WaitAsync(ApiFixture.Timeout);
}

/// <summary>Edits a cloned request inline.</summary>
internal static class RequestEdits
{
    public static T With<T>(this T message, Action<T> edit)
    {
        edit(message);
        return message;
    }
}
