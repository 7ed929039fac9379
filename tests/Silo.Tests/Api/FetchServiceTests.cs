using Google.Protobuf;
using Maimai.Core.Fetching;
using Maimai.Grpc.Contracts.V1;
using CoreRegion = Maimai.Core.Game.Region;
using FetchState = Maimai.Grpc.Contracts.V1.FetchState;

namespace Maimai.Silo.Tests.Api;

/// <summary>FetchService end to end over the in-test fetch coordinator (until the fetch part's coordinator lands).</summary>
[Collection(ApiGroup.Name)]
public sealed class FetchServiceTests(ApiFixture api)
{
    [Fact]
    public async Task StartFetch_then_GetFetch_ListFetches_and_WatchFetch()
    {
        var user = await api.AddUserAsync("Fetcher");
        var started = (await CallAsync<StartFetchResponse>(user, "StartFetch", new StartFetchRequest { Region = Region.Intl })).Response.Fetch;
        Assert.Equal((Region.Intl, FetchState.Pending), (started.Region, started.State));
        var again = (await CallAsync<StartFetchResponse>(user, "StartFetch", new StartFetchRequest { Region = Region.Intl })).Response.Fetch;
        Assert.Equal(started.Id, again.Id);

        var got = (await CallAsync<GetFetchResponse>(user, "GetFetch", new GetFetchRequest { FetchId = started.Id })).Response.Fetch;
        Assert.Equal(started, got);

        var done = api.Fetches.Add(user.Id, CoreRegion.Jp, Core.Fetching.FetchState.Completed, api.Alice.Snapshots[0]);
        var list = (await CallAsync<ListFetchesResponse>(user, "ListFetches", new ListFetchesRequest { PageSize = 1 })).Response;
        var rest = (await CallAsync<ListFetchesResponse>(user, "ListFetches", new ListFetchesRequest { PageSize = 1, PageToken = list.NextPageToken })).Response;
        Assert.Equal([Ids(done.Id), started.Id], list.Fetches.Concat(rest.Fetches).Select(f => f.Id));
        Assert.Empty(rest.NextPageToken);
        var jpOnly = (await CallAsync<ListFetchesResponse>(user, "ListFetches", new ListFetchesRequest { Region = Region.Jp })).Response;
        Assert.Equal([Ids(done.Id)], jpOnly.Fetches.Select(f => f.Id));

        var running = api.Fetches.Add(user.Id, CoreRegion.Jp, Core.Fetching.FetchState.Running);
        api.Fetches.Progress[running.Id] =
        [
            running with { PagesDone = 7 },
            running with { State = Core.Fetching.FetchState.Failed, ErrorCode = Core.Fetching.FetchErrorCode.TokenExpired, ErrorMessage = "token expired" },
        ];
        var watched = await CallAsync<WatchFetchResponse>(user, "WatchFetch", new WatchFetchRequest { FetchId = Ids(running.Id) });
        Assert.Equal(0, watched.Status);
        Assert.Equal([3, 7, 3], watched.Responses.Select(r => r.Fetch.PagesDone));
        var last = watched.Responses[^1].Fetch;
        Assert.Equal((FetchState.Failed, Grpc.Contracts.V1.FetchStage.Done, Grpc.Contracts.V1.FetchErrorCode.TokenExpired, "token expired"), (last.State, last.Stage, last.ErrorCode, last.ErrorMessage));
    }

    [Fact]
    public async Task StartFetch_refusals_carry_their_status_and_details()
    {
        var user = await api.AddUserAsync("Refused");
        try
        {
            api.Fetches.NextOutcome = new StartFetchOutcome.RateLimited(ApiFixture.T0, TimeSpan.FromSeconds(42));
            var limited = await CallAsync<StartFetchResponse>(user, "StartFetch", new StartFetchRequest { Region = Region.Jp });
            Assert.Equal(8, limited.Status);
            Assert.Equal("FETCH_RATE_LIMITED", limited.ErrorInfo.Reason);
            Assert.Equal("jp", limited.ErrorInfo.Metadata["region"]);
            Assert.Equal(TimeSpan.FromSeconds(42), limited.Detail<Google.Rpc.RetryInfo>().RetryDelay.ToTimeSpan());

            api.Fetches.NextOutcome = new StartFetchOutcome.TokenNotSet();
            var noToken = await CallAsync<StartFetchResponse>(user, "StartFetch", new StartFetchRequest { Region = Region.Jp });
            Assert.Equal((9, "DXNET_TOKEN_NOT_SET"), (noToken.Status, noToken.ErrorInfo.Reason));

            api.Fetches.NextOutcome = new StartFetchOutcome.RegionUnavailable("no plugin");
            var unavailable = await CallAsync<StartFetchResponse>(user, "StartFetch", new StartFetchRequest { Region = Region.Jp });
            Assert.Equal((14, "REGION_UNAVAILABLE"), (unavailable.Status, unavailable.ErrorInfo.Reason));
        }
        finally
        {
            api.Fetches.NextOutcome = null;
        }

        var missingRegion = await CallAsync<StartFetchResponse>(user, "StartFetch", new StartFetchRequest());
        Assert.Equal(3, missingRegion.Status);
        Assert.Equal(5, (await CallAsync<GetFetchResponse>(user, "GetFetch", new GetFetchRequest { FetchId = "x1" })).Status);
        Assert.Equal(3, (await CallAsync<GetFetchResponse>(user, "GetFetch", new GetFetchRequest())).Status);
    }

    private static string Ids(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Task<CallResult<T>> CallAsync<T>(SeededUser user, string method, IMessage request)
        where T : IMessage<T>, new() =>
        api.Client(user).CallAsync<T>("/maimai.v1.FetchService/" + method, request).WaitAsync(ApiFixture.Timeout);
}
