using Grpc.Core;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using Maimai.Grpc.Services.V1;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Grpc.Tests.Services;

/// <summary>Service methods called directly: the StartFetch outcome → status mapping, and the fetch mapping.</summary>
public sealed class HandlerTests
{
    [Fact]
    public async Task StartFetch_maps_every_outcome()
    {
        var fetch = new FetchStatus(5, 7, CoreRegion.Jp, Core.Fetching.FetchState.Running, Core.Fetching.FetchStage.Scores, 2, 9,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, SnapshotId: 99, Core.Fetching.FetchErrorCode.None, null);
        var context = new TestCallContext(new ApiCaller(7, 1));
        async Task<object> Start(StartFetchOutcome outcome)
        {
            var service = new Maimai.Grpc.Services.V1.FetchService(new OneOutcome(outcome));
            try
            {
                return await service.StartFetch(new StartFetchRequest { Region = Maimai.Grpc.Contracts.V1.Region.Jp }, context).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (RpcException e)
            {
                return e;
            }
        }

        var started = Assert.IsType<StartFetchResponse>(await Start(new StartFetchOutcome.Started(fetch))).Fetch;
        Assert.Equal(("5", Maimai.Grpc.Contracts.V1.FetchState.Running, Maimai.Grpc.Contracts.V1.FetchStage.Scores, ""), (started.Id, started.State, started.Stage, started.SnapshotId));
        Assert.Equal("5", Assert.IsType<StartFetchResponse>(await Start(new StartFetchOutcome.AlreadyRunning(fetch))).Fetch.Id);

        var limited = Assert.IsType<RpcException>(await Start(new StartFetchOutcome.RateLimited(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(30))));
        Assert.Equal((StatusCode.ResourceExhausted, ApiErrors.FetchRateLimited), (limited.StatusCode, Reason(limited)));
        var retry = limited.GetRpcStatus()!.Details.Single(d => d.Is(Google.Rpc.RetryInfo.Descriptor)).Unpack<Google.Rpc.RetryInfo>();
        Assert.Equal(TimeSpan.FromSeconds(30), retry.RetryDelay.ToTimeSpan());

        var noToken = Assert.IsType<RpcException>(await Start(new StartFetchOutcome.TokenNotSet()));
        Assert.Equal((StatusCode.FailedPrecondition, ApiErrors.DxNetTokenNotSet), (noToken.StatusCode, Reason(noToken)));
        var unavailable = Assert.IsType<RpcException>(await Start(new StartFetchOutcome.RegionUnavailable("no plugin")));
        Assert.Equal((StatusCode.Unavailable, ApiErrors.RegionUnavailable), (unavailable.StatusCode, Reason(unavailable)));
    }

    [Fact]
    public void A_finished_fetch_shows_its_warning_count_and_the_pages_it_requested_by_stage()
    {
        var pages = PagesRequested.From([new(Core.Fetching.FetchStage.Record, 1), new(Core.Fetching.FetchStage.Login, 2), new(Core.Fetching.FetchStage.Scores, 6)]);
        var done = new FetchStatus(3, 7, CoreRegion.Intl, Core.Fetching.FetchState.Completed, Core.Fetching.FetchStage.Saving, 9, 9,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 12, Core.Fetching.FetchErrorCode.None, null, WarningCount: 2, PagesRequested: pages);

        var proto = FetchMapping.ToProto(done);

        Assert.Equal(2, proto.WarningCount);
        Assert.Equal(
            [(Maimai.Grpc.Contracts.V1.FetchStage.Login, 2), (Maimai.Grpc.Contracts.V1.FetchStage.Scores, 6), (Maimai.Grpc.Contracts.V1.FetchStage.Record, 1)],
            proto.PagesRequested.Select(p => (p.Stage, p.Requests)));

        // Running: nothing known yet.
        var running = FetchMapping.ToProto(done with { State = Core.Fetching.FetchState.Running, WarningCount = 0, PagesRequested = null });
        Assert.Equal(0, running.WarningCount);
        Assert.Empty(running.PagesRequested);
    }

    [Fact]
    public void A_finished_fetch_is_done_and_shows_its_snapshot_or_error_only_when_it_should()
    {
        var failed = new FetchStatus(1, 7, CoreRegion.Intl, Core.Fetching.FetchState.Failed, Core.Fetching.FetchStage.Scores, 1, 9,
            DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch, SnapshotId: 3, Core.Fetching.FetchErrorCode.Maintenance, "maintenance");
        var proto = FetchMapping.ToProto(failed);
        Assert.Equal((Maimai.Grpc.Contracts.V1.FetchStage.Done, "", Maimai.Grpc.Contracts.V1.FetchErrorCode.Maintenance, "maintenance"), (proto.Stage, proto.SnapshotId, proto.ErrorCode, proto.ErrorMessage));
        Assert.Null(proto.StartedAt);

        var completed = FetchMapping.ToProto(failed with { State = Core.Fetching.FetchState.Completed, ErrorCode = Core.Fetching.FetchErrorCode.None, ErrorMessage = null });
        Assert.Equal(("3", Maimai.Grpc.Contracts.V1.FetchErrorCode.Unspecified, ""), (completed.SnapshotId, completed.ErrorCode, completed.ErrorMessage));
    }

    private static string Reason(RpcException e)
    {
        var status = e.GetRpcStatus() ?? throw new Xunit.Sdk.XunitException("no google.rpc.Status");
        Assert.Equal((int)e.StatusCode, status.Code);
        return status.Details.Single(d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Unpack<Google.Rpc.ErrorInfo>().Reason;
    }

    private sealed class OneOutcome(StartFetchOutcome outcome) : IFetchCoordinator
    {
        public Task<StartFetchOutcome> StartFetchAsync(long userId, CoreRegion region, CancellationToken cancellationToken) =>
            userId == 7 && region == CoreRegion.Jp ? Task.FromResult(outcome) : throw new InvalidOperationException("wrong caller or region");

        public Task<FetchStatus?> GetFetchAsync(long userId, long fetchId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<FetchStatus>> ListFetchesAsync(long userId, CoreRegion region, long? beforeId, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IAsyncEnumerable<FetchStatus>?> WatchFetchAsync(long userId, long fetchId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
