using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using Maimai.Grpc.Services.V1;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// Alice calls every rpc of the contract with Bob's ids and sees NOT_FOUND or nothing of his. The rpcs are
/// enumerated from the service descriptors, so a new rpc without a case here fails <see cref="Every_rpc_has_an_isolation_case"/>.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class IsolationTests(ApiFixture api)
{
    private const int NotFound = 5;
    private const int PermissionDenied = 7;
    private const int FailedPrecondition = 9;

    private static readonly string[] AllRpcs =
        [.. MaimaiApiExtensions.Services.SelectMany(s => s.Methods.Select(m => $"/{s.FullName}/{m.Name}"))];

    private ApiClient Alice => api.Client(api.Alice);

    private string BobSnapshot => api.Bob.Snapshots[0].ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string BobFetch => api.Bob.Fetches[0].ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Dictionary<string, Func<Task>> Cases => new()
    {
        ["/maimai.v1.AccountService/GetMe"] = async () =>
        {
            var me = (await Call<GetMeResponse>("AccountService/GetMe", new GetMeRequest())).Response;
            Assert.Equal(api.Alice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), me.UserId);
        },
        ["/maimai.v1.AccountService/CreateApiToken"] = async () =>
        {
            // The new token belongs to the caller: it authenticates as Alice, never as Bob.
            var created = (await Call<CreateApiTokenResponse>("AccountService/CreateApiToken", new CreateApiTokenRequest { Name = "iso" })).Response;
            var me = (await Alice.WithToken(created.PlaintextToken).CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest())).Response;
            Assert.Equal(api.Alice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), me.UserId);
        },
        ["/maimai.v1.AccountService/ListApiTokens"] = async () =>
        {
            var list = (await Call<ListApiTokensResponse>("AccountService/ListApiTokens", new ListApiTokensRequest { PageSize = 500 })).Response;
            Assert.NotEmpty(list.ApiTokens);
            Assert.DoesNotContain(list.ApiTokens, t => t.Id == api.Bob.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        },
        ["/maimai.v1.AccountService/RevokeApiToken"] = async () =>
        {
            await ExpectNotFound<RevokeApiTokenResponse>("AccountService/RevokeApiToken",
                new RevokeApiTokenRequest { ApiTokenId = api.Bob.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            // Bob's token still works.
            Assert.Equal(0, (await api.Client(api.Bob).CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest())).Status);
        },
        ["/maimai.v1.AccountService/SetDxNetToken"] = async () =>
        {
            await Call<SetDxNetTokenResponse>("AccountService/SetDxNetToken", new SetDxNetTokenRequest { Region = Region.Intl, Token = "alice-intl" });
            Assert.False((await api.DxNetTokens.GetStatusAsync(api.Bob.Id, Core.Game.Region.Intl, default)).IsSet);
            Assert.True((await api.DxNetTokens.GetStatusAsync(api.Alice.Id, Core.Game.Region.Intl, default)).IsSet);
        },
        ["/maimai.v1.AccountService/GetDxNetTokenStatus"] = async () =>
        {
            await api.DxNetTokens.SetAsync(api.Bob.Id, Core.Game.Region.Jp, "bob-jp", default);
            await api.DxNetTokens.DeleteAsync(api.Alice.Id, Core.Game.Region.Jp, default);
            var status = (await Call<GetDxNetTokenStatusResponse>("AccountService/GetDxNetTokenStatus", new GetDxNetTokenStatusRequest { Region = Region.Jp })).Response;
            Assert.False(status.Status.IsSet);
        },
        ["/maimai.v1.AccountService/DeleteDxNetToken"] = async () =>
        {
            await api.DxNetTokens.SetAsync(api.Bob.Id, Core.Game.Region.Jp, "bob-jp", default);
            await Call<DeleteDxNetTokenResponse>("AccountService/DeleteDxNetToken", new DeleteDxNetTokenRequest { Region = Region.Jp });
            Assert.True((await api.DxNetTokens.GetStatusAsync(api.Bob.Id, Core.Game.Region.Jp, default)).IsSet);
        },
        ["/maimai.v1.AccountService/DeleteAccount"] = async () =>
        {
            // Alice echoing Bob's id deletes nobody: the confirmation must be the caller's own id.
            var result = await Alice.CallAsync<DeleteAccountResponse>("/maimai.v1.AccountService/DeleteAccount", new DeleteAccountRequest { ConfirmUserId = api.Bob.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(FailedPrecondition, result.Status);
            Assert.Equal(0, (await api.Client(api.Bob).CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest())).Status);
            Assert.Equal(0, (await Alice.CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest())).Status);
        },
        ["/maimai.v1.AdminService/DeleteUser"] = async () =>
        {
            // Alice is no admin: refused before the call runs, and Bob is still there.
            var result = await Alice.CallAsync<DeleteUserResponse>("/maimai.v1.AdminService/DeleteUser", new DeleteUserRequest { UserId = api.Bob.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(PermissionDenied, result.Status);
            Assert.Equal(0, (await api.Client(api.Bob).CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest())).Status);
        },
        ["/maimai.v1.AdminService/ListAuditEntries"] = async () =>
        {
            var result = await Alice.CallAsync<ListAuditEntriesResponse>("/maimai.v1.AdminService/ListAuditEntries", new ListAuditEntriesRequest());
            Assert.Equal(PermissionDenied, result.Status);
            Assert.Empty(result.Responses);
        },
        ["/maimai.v1.AutoRefreshService/GetAutoRefresh"] = async () =>
        {
            // Bob turned his on; Alice sees her own, off.
            await api.AutoRefresh.SetAsync(api.Bob.Id, Core.Game.Region.Intl, true, TimeSpan.FromMinutes(45), default);
            var mine = (await Call<GetAutoRefreshResponse>("AutoRefreshService/GetAutoRefresh", new GetAutoRefreshRequest { Region = Region.Intl })).Response.AutoRefresh;
            Assert.False(mine.Enabled);
            Assert.NotEqual(45, mine.IntervalMinutes);
        },
        ["/maimai.v1.AutoRefreshService/SetAutoRefresh"] = async () =>
        {
            await api.AutoRefresh.SetAsync(api.Bob.Id, Core.Game.Region.Jp, false, TimeSpan.FromMinutes(60), default);
            var mine = (await Call<SetAutoRefreshResponse>("AutoRefreshService/SetAutoRefresh",
                new SetAutoRefreshRequest { Region = Region.Jp, Enabled = true, IntervalMinutes = 20 })).Response.AutoRefresh;
            Assert.True(mine.Enabled);
            var bob = await api.AutoRefresh.GetAsync(api.Bob.Id, Core.Game.Region.Jp, default);
            Assert.False(bob.Enabled);
            Assert.Equal(TimeSpan.FromMinutes(60), bob.Interval);
        },
        ["/maimai.v1.FetchService/StartFetch"] = async () =>
        {
            // Bob has a running JP fetch; Alice starting one gets her own, not his.
            var fetch = (await Call<StartFetchResponse>("FetchService/StartFetch", new StartFetchRequest { Region = Region.Jp })).Response.Fetch;
            Assert.NotEqual(BobFetch, fetch.Id);
        },
        ["/maimai.v1.FetchService/GetFetch"] = () => ExpectNotFound<GetFetchResponse>("FetchService/GetFetch", new GetFetchRequest { FetchId = BobFetch }),
        ["/maimai.v1.FetchService/ListFetches"] = async () =>
        {
            var list = (await Call<ListFetchesResponse>("FetchService/ListFetches", new ListFetchesRequest { PageSize = 500 })).Response;
            Assert.DoesNotContain(list.Fetches, f => f.Id == BobFetch);
            Assert.Contains(list.Fetches, f => f.Id == api.Alice.Fetches[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        },
        ["/maimai.v1.FetchService/WatchFetch"] = () => ExpectNotFound<WatchFetchResponse>("FetchService/WatchFetch", new WatchFetchRequest { FetchId = BobFetch }),
        ["/maimai.v1.InsightsService/GetRating"] = async () =>
        {
            Assert.Equal(0, (await api.Client(api.Bob).CallAsync<GetRatingResponse>("/maimai.v1.InsightsService/GetRating", new GetRatingRequest { SnapshotId = BobSnapshot })).Status);
            await ExpectNotFound<GetRatingResponse>("InsightsService/GetRating", new GetRatingRequest { SnapshotId = BobSnapshot });
            // The latest JP snapshot is Alice's own, never Bob's.
            var latest = (await Call<GetRatingResponse>("InsightsService/GetRating", new GetRatingRequest { LatestForRegion = Region.Jp })).Response;
            Assert.NotEqual(BobSnapshot, latest.SnapshotId);
        },
        ["/maimai.v1.InsightsService/ExportSnapshot"] = async () =>
        {
            foreach (var format in new[] { ExportFormat.Csv, ExportFormat.Json, ExportFormat.Tachi })
            {
                Assert.Equal(0, (await api.Client(api.Bob).CallAsync<ExportSnapshotResponse>("/maimai.v1.InsightsService/ExportSnapshot",
                    new ExportSnapshotRequest { SnapshotId = BobSnapshot, Format = format })).Status);
                await ExpectNotFound<ExportSnapshotResponse>("InsightsService/ExportSnapshot", new ExportSnapshotRequest { SnapshotId = BobSnapshot, Format = format });
            }
        },
        ["/maimai.v1.InsightsService/GetSnapshotDiff"] = async () =>
        {
            var alice = api.Alice.Snapshots[1].ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ExpectNotFound<GetSnapshotDiffResponse>("InsightsService/GetSnapshotDiff", new GetSnapshotDiffRequest { SnapshotId = BobSnapshot });
            // Bob's snapshot as the earlier one of Alice's is not found either, not compared.
            await ExpectNotFound<GetSnapshotDiffResponse>("InsightsService/GetSnapshotDiff", new GetSnapshotDiffRequest { SnapshotId = alice, PreviousSnapshotId = BobSnapshot });
        },
        ["/maimai.v1.InsightsService/GetRecommendations"] = async () =>
        {
            Assert.Equal(0, (await api.Client(api.Bob).CallAsync<GetRecommendationsResponse>("/maimai.v1.InsightsService/GetRecommendations",
                new GetRecommendationsRequest { SnapshotId = BobSnapshot })).Status);
            await ExpectNotFound<GetRecommendationsResponse>("InsightsService/GetRecommendations", new GetRecommendationsRequest { SnapshotId = BobSnapshot });
        },
        ["/maimai.v1.InsightsService/GetChartHistory"] = async () =>
        {
            // Both played Bravo MASTER in JP: Alice sees her two versions, never Bob's 71.0000%; INTL she never played it.
            var bravo = api.Chart.BravoMaster.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var history = (await Call<GetChartHistoryResponse>("InsightsService/GetChartHistory", new GetChartHistoryRequest { Region = Region.Jp, ChartId = bravo })).Response;
            Assert.Equal([970_000, 980_000], history.Versions.Select(v => v.AchievementX10000));
            Assert.Equal(api.Alice.Snapshots[..2].Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)), history.Versions.Select(v => v.SnapshotId));
            await ExpectNotFound<GetChartHistoryResponse>("InsightsService/GetChartHistory", new GetChartHistoryRequest { Region = Region.Intl, ChartId = bravo });
        },
        ["/maimai.v1.InsightsService/GetPlayActivity"] = async () =>
        {
            // Alice's three plays are on 03-02; Bob's two on 03-01 are not hers.
            var activity = (await Call<GetPlayActivityResponse>("InsightsService/GetPlayActivity",
                new GetPlayActivityRequest { Region = Region.Jp, FromDate = "2025-02-28", ToDate = "2025-03-02" })).Response;
            Assert.Equal([("2025-03-02", 3)], activity.Days.Select(d => (d.Date, d.Plays)));
        },
        ["/maimai.v1.InsightsService/GetJudgementTrend"] = async () =>
        {
            var trend = (await Call<GetJudgementTrendResponse>("InsightsService/GetJudgementTrend",
                new GetJudgementTrendRequest { Region = Region.Jp, Grouping = JudgementGrouping.Plays })).Response;
            Assert.Equal((3, 33, 15), (trend.Total.Plays, trend.Total.Fast, trend.Total.Late));
        },
        ["/maimai.v1.AccountService/GetSharing"] = async () =>
        {
            await SetBobsSharingAsync(profile: true);
            var mine = (await Call<GetSharingResponse>("AccountService/GetSharing", new GetSharingRequest())).Response.Sharing;
            Assert.NotEqual(BobUsername, mine.Username);
        },
        ["/maimai.v1.AccountService/SetSharing"] = async () =>
        {
            await SetBobsSharingAsync(profile: true);
            await Call<SetSharingResponse>("AccountService/SetSharing", new SetSharingRequest
            {
                Sharing = new Maimai.Grpc.Contracts.V1.Sharing { Username = "alice-iso-" + api.Alice.Id, Parts = new SharedParts { Scores = true } },
            });
            var bobs = (await api.Client(api.Bob).CallAsync<GetSharingResponse>("/maimai.v1.AccountService/GetSharing", new GetSharingRequest())).Response.Sharing;
            Assert.Equal((BobUsername, true, false), (bobs.Username, bobs.Parts.Profile, bobs.Parts.Scores));
        },
        // Bob shares nothing: his name answers as if nobody had it, for anyone (Alice included).
        ["/maimai.v1.PublicProfileService/GetPublicProfile"] = async () =>
        {
            await SetBobsSharingAsync(profile: false);
            await ExpectNotFound<GetPublicProfileResponse>("PublicProfileService/GetPublicProfile", new GetPublicProfileRequest { Username = BobUsername });
        },
        ["/maimai.v1.PublicProfileService/ListPublicScores"] = async () =>
        {
            await SetBobsSharingAsync(profile: false);
            await ExpectNotFound<ListPublicScoresResponse>("PublicProfileService/ListPublicScores", new ListPublicScoresRequest { Username = BobUsername, Region = Region.Jp });
        },
        ["/maimai.v1.PublicProfileService/ListPublicRecentPlays"] = async () =>
        {
            await SetBobsSharingAsync(profile: false);
            await ExpectNotFound<ListPublicRecentPlaysResponse>("PublicProfileService/ListPublicRecentPlays", new ListPublicRecentPlaysRequest { Username = BobUsername, Region = Region.Jp });
        },
        ["/maimai.v1.InsightsService/GetPlateProgress"] = async () =>
        {
            Assert.Equal(0, (await api.Client(api.Bob).CallAsync<GetPlateProgressResponse>("/maimai.v1.InsightsService/GetPlateProgress",
                new GetPlateProgressRequest { SnapshotId = BobSnapshot })).Status);
            await ExpectNotFound<GetPlateProgressResponse>("InsightsService/GetPlateProgress", new GetPlateProgressRequest { SnapshotId = BobSnapshot });
            var latest = (await Call<GetPlateProgressResponse>("InsightsService/GetPlateProgress", new GetPlateProgressRequest { LatestForRegion = Region.Jp })).Response;
            Assert.NotEqual(BobSnapshot, latest.SnapshotId);
        },
        ["/maimai.v1.SnapshotService/ListSnapshots"] = async () =>
        {
            var list = (await Call<ListSnapshotsResponse>("SnapshotService/ListSnapshots", new ListSnapshotsRequest { Region = Region.Jp })).Response;
            Assert.Equal(2, list.Snapshots.Count);
            Assert.DoesNotContain(list.Snapshots, s => s.Id == BobSnapshot);
        },
        ["/maimai.v1.SnapshotService/GetSnapshot"] = () => ExpectNotFound<GetSnapshotResponse>("SnapshotService/GetSnapshot", new GetSnapshotRequest { SnapshotId = BobSnapshot }),
        ["/maimai.v1.SnapshotService/ListScores"] = async () =>
        {
            // Bob reads his own scores first, so they sit in the score cache when Alice asks.
            Assert.Equal(0, (await api.Client(api.Bob).CallAsync<ListScoresResponse>("/maimai.v1.SnapshotService/ListScores", new ListScoresRequest { SnapshotId = BobSnapshot })).Status);
            await ExpectNotFound<ListScoresResponse>("SnapshotService/ListScores", new ListScoresRequest { SnapshotId = BobSnapshot });
        },
        ["/maimai.v1.SnapshotService/ListRecentPlays"] = () => ExpectNotFound<ListRecentPlaysResponse>("SnapshotService/ListRecentPlays", new ListRecentPlaysRequest { SnapshotId = BobSnapshot }),
        ["/maimai.v1.SnapshotService/GetRatingHistory"] = async () =>
        {
            // The chart is shared (songs are global); the series is Alice's snapshots and her achievements only.
            var history = (await Call<GetRatingHistoryResponse>("SnapshotService/GetRatingHistory",
                new GetRatingHistoryRequest { Region = Region.Jp, ChartId = api.Chart.BravoMaster.ToString(System.Globalization.CultureInfo.InvariantCulture) })).Response;
            Assert.Equal(api.Alice.Snapshots[..2].Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)), history.Points.Select(p => p.SnapshotId));
            Assert.Equal([970_000, 980_000], history.Points.Select(p => p.AchievementX10000));
        },
        ["/maimai.v1.SnapshotService/DeleteSnapshot"] = async () =>
        {
            await ExpectNotFound<DeleteSnapshotResponse>("SnapshotService/DeleteSnapshot", new DeleteSnapshotRequest { SnapshotId = BobSnapshot });
            Assert.Equal(0, (await api.Client(api.Bob).CallAsync<GetSnapshotResponse>("/maimai.v1.SnapshotService/GetSnapshot", new GetSnapshotRequest { SnapshotId = BobSnapshot })).Status);
        },
        ["/maimai.v1.SongService/ListSongs"] = async () =>
        {
            // Songs are shared by every user: nothing to isolate, but the call must stay scoped to the catalog.
            var songs = (await Call<ListSongsResponse>("SongService/ListSongs", new ListSongsRequest())).Response;
            Assert.Equal(3, songs.Songs.Count);
        },
        ["/maimai.v1.SongService/GetSong"] = () => ExpectNotFound<GetSongResponse>("SongService/GetSong", new GetSongRequest { SongId = "999999" }),
    };

    [Fact]
    public void Every_rpc_has_an_isolation_case() =>
        Assert.Equal(AllRpcs.Order(), Cases.Keys.Order());

    [Fact]
    public async Task Another_users_ids_are_not_found_on_every_rpc()
    {
        foreach (var rpc in AllRpcs)
        {
            try
            {
                await Cases[rpc]().WaitAsync(ApiFixture.Timeout);
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                throw new Xunit.Sdk.XunitException($"{rpc}: {e.Message}");
            }
        }
    }

    private string BobUsername => "bob-iso-" + api.Bob.Id;

    private async Task SetBobsSharingAsync(bool profile)
    {
        var set = await api.Client(api.Bob).CallAsync<SetSharingResponse>("/maimai.v1.AccountService/SetSharing", new SetSharingRequest
        {
            Sharing = new Maimai.Grpc.Contracts.V1.Sharing { Username = BobUsername, Parts = new SharedParts { Profile = profile } },
        });
        Assert.Equal(0, set.Status);
    }

    private async Task<CallResult<T>> Call<T>(string method, IMessage request)
        where T : IMessage<T>, new()
    {
        var result = await Alice.CallAsync<T>("/maimai.v1." + method, request);
        Assert.True(result.Status == 0, $"{method}: status {result.Status} {result.Message}");
        return result;
    }

    private async Task ExpectNotFound<T>(string method, IMessage request)
        where T : IMessage<T>, new()
    {
        var result = await Alice.CallAsync<T>("/maimai.v1." + method, request);
        Assert.Equal(NotFound, result.Status);
        Assert.Empty(result.Responses);
        Assert.Equal(ApiErrors.NotFoundReason, result.ErrorInfo.Reason);
        Assert.Equal(ApiErrors.Domain, result.ErrorInfo.Domain);
    }
}
