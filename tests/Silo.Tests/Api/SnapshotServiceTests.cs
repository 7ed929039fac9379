using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Maimai.Grpc.Contracts.V1;

namespace Maimai.Silo.Tests.Api;

[Collection(ApiGroup.Name)]
public sealed class SnapshotServiceTests(ApiFixture api)
{
    private const int InvalidArgument = 3;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task ListSnapshots_pages_newest_first_within_the_range()
    {
        var first = await CallAsync<ListSnapshotsResponse>("ListSnapshots", new ListSnapshotsRequest { Region = Region.Jp, PageSize = 1 });
        Assert.Equal([Id(api.Alice.Snapshots[1])], first.Response.Snapshots.Select(s => s.Id));
        Assert.Equal(14100, first.Response.Snapshots[0].Rating);
        Assert.Equal(14090, first.Response.Snapshots[0].SiteRating);
        Assert.NotEmpty(first.Response.NextPageToken);

        var second = await CallAsync<ListSnapshotsResponse>("ListSnapshots",
            new ListSnapshotsRequest { Region = Region.Jp, PageSize = 1, PageToken = first.Response.NextPageToken });
        Assert.Equal([Id(api.Alice.Snapshots[0])], second.Response.Snapshots.Select(s => s.Id));
        Assert.Empty(second.Response.NextPageToken);

        var ranged = await CallAsync<ListSnapshotsResponse>("ListSnapshots", new ListSnapshotsRequest
        {
            Region = Region.Jp,
            FromTime = Timestamp.FromDateTimeOffset(ApiFixture.T0.AddHours(1)),
            ToTime = Timestamp.FromDateTimeOffset(ApiFixture.T0.AddDays(3)),
        });
        Assert.Equal([Id(api.Alice.Snapshots[1])], ranged.Response.Snapshots.Select(s => s.Id));
    }

    [Fact]
    public async Task GetSnapshot_by_id_and_latest_for_region()
    {
        var byId = (await CallAsync<GetSnapshotResponse>("GetSnapshot", new GetSnapshotRequest { SnapshotId = Id(api.Alice.Snapshots[0]) })).Response.Snapshot;
        Assert.Equal(Region.Jp, byId.Region);
        Assert.Equal("PLAYER" + Id(api.Alice.Id), byId.PlayerName);
        Assert.Equal(TrophyColor.Gold, byId.TrophyColor);
        Assert.Equal(RatingColor.Platinum, byId.RatingColor);
        Assert.Equal(ClassRank.S1, byId.ClassRank);
        Assert.Equal(CourseRank.Dan10, byId.CourseRank);
        Assert.Equal(14000, byId.Rating);
        Assert.Equal(ApiFixture.T0, byId.TakenAt.ToDateTimeOffset());

        var latest = (await CallAsync<GetSnapshotResponse>("GetSnapshot", new GetSnapshotRequest { LatestForRegion = Region.Intl })).Response.Snapshot;
        Assert.Equal(Id(api.Alice.Snapshots[2]), latest.Id);

        var none = await CallAsync<GetSnapshotResponse>("GetSnapshot", new GetSnapshotRequest());
        Assert.Equal(InvalidArgument, none.Status);
        Assert.Equal("selector", Assert.Single(none.Detail<Google.Rpc.BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task ListScores_orders_by_level_then_title_filters_and_pages()
    {
        var snapshot = Id(api.Alice.Snapshots[1]);
        var all = (await CallAsync<ListScoresResponse>("ListScores", new ListScoresRequest { SnapshotId = snapshot })).Response;
        Assert.Equal(
            [Id(api.Chart.AlphaMaster), Id(api.Chart.BravoMaster), Id(api.Chart.AlphaExpert), Id(api.Chart.FullWidthBasic)],
            all.Scores.Select(s => s.ChartId));
        var alphaMaster = all.Scores[0];
        Assert.Equal(("Alpha", 137, 139, 1_005_000, ScoreRank.SssPlus, ComboLamp.Ap, 1800), (alphaMaster.Title, alphaMaster.LevelX10, alphaMaster.InternalLevelX10, alphaMaster.AchievementX10000, alphaMaster.Rank, alphaMaster.ComboLamp, alphaMaster.DxScoreMax));
        Assert.False(all.Scores[1].HasInternalLevelX10);
        Assert.Empty(all.NextPageToken);

        // The score set is versioned: snapshot 2 sees the improved Expert score, snapshot 1 the old one.
        var old = (await CallAsync<ListScoresResponse>("ListScores", new ListScoresRequest { SnapshotId = Id(api.Alice.Snapshots[0]) })).Response;
        Assert.Equal(990_000, old.Scores.Single(s => s.ChartId == Id(api.Chart.AlphaExpert)).AchievementX10000);

        var filtered = (await CallAsync<ListScoresResponse>("ListScores", new ListScoresRequest
        {
            SnapshotId = snapshot,
            Difficulties = { Difficulty.Master, Difficulty.Expert },
            ComboLamps = { ComboLamp.Fc, ComboLamp.FcPlus },
            Level = new LevelRange { MinX10 = 100, MaxX10 = 137 },
        })).Response;
        Assert.Equal([Id(api.Chart.BravoMaster), Id(api.Chart.AlphaExpert)], filtered.Scores.Select(s => s.ChartId));

        var pages = new List<string>();
        var request = new ListScoresRequest { SnapshotId = snapshot, PageSize = 1 };
        do
        {
            var page = (await CallAsync<ListScoresResponse>("ListScores", request)).Response;
            pages.AddRange(page.Scores.Select(s => s.ChartId));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        Assert.Equal(all.Scores.Select(s => s.ChartId), pages);

        // Intl snapshots show the international level.
        var intl = (await CallAsync<ListScoresResponse>("ListScores", new ListScoresRequest { SnapshotId = Id(api.Alice.Snapshots[2]) })).Response;
        Assert.Equal(140, Assert.Single(intl.Scores).LevelX10);
    }

    [Fact]
    public async Task Page_tokens_are_bound_to_their_filters_and_checked()
    {
        var snapshot = Id(api.Alice.Snapshots[1]);
        var first = (await CallAsync<ListScoresResponse>("ListScores", new ListScoresRequest { SnapshotId = snapshot, PageSize = 1 })).Response;

        var otherFilter = await CallAsync<ListScoresResponse>("ListScores",
            new ListScoresRequest { SnapshotId = snapshot, PageSize = 1, ChartType = ChartType.Dx, PageToken = first.NextPageToken });
        AssertViolation(otherFilter, "page_token");

        var garbage = await CallAsync<ListScoresResponse>("ListScores", new ListScoresRequest { SnapshotId = snapshot, PageToken = "not*a&token" });
        AssertViolation(garbage, "page_token");

        var otherCall = await CallAsync<ListSnapshotsResponse>("ListSnapshots", new ListSnapshotsRequest { Region = Region.Jp, PageToken = first.NextPageToken });
        AssertViolation(otherCall, "page_token");

        // The cursor is sealed: one changed character anywhere (here in the middle) and the token is refused.
        var chars = first.NextPageToken.ToCharArray();
        var middle = chars.Length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        var tampered = await CallAsync<ListScoresResponse>("ListScores",
            new ListScoresRequest { SnapshotId = snapshot, PageSize = 1, PageToken = new string(chars) });
        AssertViolation(tampered, "page_token");

        // The genuine token still pages on.
        var second = await CallAsync<ListScoresResponse>("ListScores", new ListScoresRequest { SnapshotId = snapshot, PageSize = 1, PageToken = first.NextPageToken });
        Assert.Single(second.Response.Scores);
    }

    [Fact]
    public async Task Bad_arguments_are_listed_field_by_field()
    {
        var result = await CallAsync<ListScoresResponse>("ListScores", new ListScoresRequest
        {
            SnapshotId = "",
            PageSize = -1,
            Difficulties = { Difficulty.Unspecified, (Difficulty)42 },
            Level = new LevelRange { MinX10 = 140, MaxX10 = 130 },
        });
        Assert.Equal(InvalidArgument, result.Status);
        var fields = result.Detail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["snapshot_id", "level.max_x10", "difficulties[0]", "difficulties[1]", "page_size"], fields);
        Assert.All(result.Detail<Google.Rpc.BadRequest>().FieldViolations, v => Assert.NotEmpty(v.Description));

        var noRegion = await CallAsync<ListSnapshotsResponse>("ListSnapshots", new ListSnapshotsRequest());
        AssertViolation(noRegion, "region");
        var unknownRegion = await CallAsync<GetRatingHistoryResponse>("GetRatingHistory", new GetRatingHistoryRequest { Region = (Region)7 });
        AssertViolation(unknownRegion, "region");
        var backwards = await CallAsync<ListSnapshotsResponse>("ListSnapshots", new ListSnapshotsRequest
        {
            Region = Region.Jp,
            FromTime = Timestamp.FromDateTimeOffset(ApiFixture.T0),
            ToTime = Timestamp.FromDateTimeOffset(ApiFixture.T0.AddDays(-1)),
        });
        AssertViolation(backwards, "to_time");
    }

    [Fact]
    public async Task ListRecentPlays_pages_the_plays_known_as_of_the_snapshot()
    {
        var snapshot = Id(api.Alice.Snapshots[1]);
        var first = (await CallAsync<ListRecentPlaysResponse>("ListRecentPlays", new ListRecentPlaysRequest { SnapshotId = snapshot, PageSize = 2 })).Response;
        Assert.Equal(2, first.Plays.Count);
        Assert.True(first.Plays[0].PlayedAt.ToDateTimeOffset() > first.Plays[1].PlayedAt.ToDateTimeOffset());
        var play = first.Plays[0];
        Assert.Equal((Id(api.Chart.AlphaExpert), 120, 990_000, ScoreRank.Ss, 300, 1), (play.ChartId, play.LevelX10, play.AchievementX10000, play.Rank, play.TapJudgements.CriticalPerfect, play.TapJudgements.Miss));
        Assert.Null(play.HoldJudgements);

        var rest = (await CallAsync<ListRecentPlaysResponse>("ListRecentPlays",
            new ListRecentPlaysRequest { SnapshotId = snapshot, PageSize = 2, PageToken = first.NextPageToken })).Response;
        Assert.Single(rest.Plays);
        Assert.Empty(rest.NextPageToken);

        // The first snapshot was taken before any of these plays.
        var before = (await CallAsync<ListRecentPlaysResponse>("ListRecentPlays", new ListRecentPlaysRequest { SnapshotId = Id(api.Alice.Snapshots[0]) })).Response;
        Assert.Empty(before.Plays);
    }

    [Fact]
    public async Task GetRatingHistory_gives_the_rating_series_and_a_charts_achievements()
    {
        var rating = (await CallAsync<GetRatingHistoryResponse>("GetRatingHistory", new GetRatingHistoryRequest { Region = Region.Jp })).Response;
        Assert.Equal([(14000, 13990), (14100, 14090)], rating.Points.Select(p => (p.Rating, p.SiteRating)));
        Assert.All(rating.Points, p => Assert.False(p.HasAchievementX10000));

        var chart = (await CallAsync<GetRatingHistoryResponse>("GetRatingHistory",
            new GetRatingHistoryRequest { Region = Region.Jp, ChartId = Id(api.Chart.AlphaExpert) })).Response;
        Assert.Equal([990_000, 995_000], chart.Points.Select(p => p.AchievementX10000));

        var unplayed = (await CallAsync<GetRatingHistoryResponse>("GetRatingHistory",
            new GetRatingHistoryRequest { Region = Region.Intl, ChartId = Id(api.Chart.BravoMaster) })).Response;
        Assert.False(Assert.Single(unplayed.Points).HasAchievementX10000);

        var unknown = await CallAsync<GetRatingHistoryResponse>("GetRatingHistory", new GetRatingHistoryRequest { Region = Region.Jp, ChartId = "987654" });
        Assert.Equal(5, unknown.Status);
    }

    private static void AssertViolation<T>(CallResult<T> result, string field)
        where T : IMessage<T>
    {
        Assert.Equal(InvalidArgument, result.Status);
        Assert.Equal("INVALID_REQUEST", result.ErrorInfo.Reason);
        Assert.Contains(result.Detail<Google.Rpc.BadRequest>().FieldViolations, v => v.Field == field);
    }

    private Task<CallResult<T>> CallAsync<T>(string method, IMessage request)
        where T : IMessage<T>, new() =>
        api.Client(api.Alice).CallAsync<T>("/maimai.v1.SnapshotService/" + method, request).WaitAsync(ApiFixture.Timeout);
}
