using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Grpc.Services.V1;
using CoreRegion = Maimai.Core.Game.Region;
using ProtoPhase = Maimai.Grpc.Contracts.V1.FetchPhase;

namespace Maimai.Grpc.Tests.Services;

/// <summary>
/// Snapshot first, detail after, as the API shows it: the phase, the snapshot from the moment it is stored, the
/// detail pages and both estimates; a play whose detail is pending says so and carries no judgements.
/// </summary>
public sealed class FetchPhaseMappingTests
{
    private static readonly DateTimeOffset At = new(2025, 6, 1, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_fetch_shows_its_phase_its_snapshot_once_stored_and_the_estimates_while_it_runs()
    {
        var reading = new FetchStatus(4, 7, CoreRegion.Intl, FetchState.Running, FetchStage.Scores, 3, 8, At, At, null, null, FetchErrorCode.None, null,
            SnapshotExpectedAt: At.AddSeconds(6));
        var proto = FetchMapping.ToProto(reading);
        Assert.Equal((ProtoPhase.Snapshot, "", 0), (proto.Phase, proto.SnapshotId, proto.DetailPagesTotal));
        Assert.Equal(At.AddSeconds(6), proto.SnapshotExpectedAt.ToDateTimeOffset());
        Assert.Null(proto.DetailExpectedAt);

        var detail = reading with
        {
            Stage = FetchStage.MusicDetails, PagesDone = 20, PagesTotal = 40, SnapshotId = 9, SnapshotAt = At.AddSeconds(8), DetailDone = 12,
            DetailTotal = 32, SnapshotExpectedAt = null, DetailExpectedAt = At.AddSeconds(40),
        };
        proto = FetchMapping.ToProto(detail);
        Assert.Equal((ProtoPhase.Detail, "9", 12, 32), (proto.Phase, proto.SnapshotId, proto.DetailPagesDone, proto.DetailPagesTotal));
        Assert.Equal(At.AddSeconds(8), proto.SnapshotAt.ToDateTimeOffset());
        Assert.Equal(At.AddSeconds(40), proto.DetailExpectedAt.ToDateTimeOffset());
        Assert.Null(proto.SnapshotExpectedAt);

        // Failed in the detail phase: the snapshot stays (it is complete); nothing is estimated any more.
        proto = FetchMapping.ToProto(detail with { State = FetchState.Failed, ErrorCode = FetchErrorCode.Maintenance, ErrorMessage = "maintenance", FinishedAt = At.AddSeconds(20) });
        Assert.Equal((ProtoPhase.Done, "9"), (proto.Phase, proto.SnapshotId));
        Assert.Null(proto.DetailExpectedAt);
    }

    [Fact]
    public void A_play_with_its_detail_pending_says_so_and_has_no_judgements()
    {
        var pending = new RecordedPlay(At, 1, 5, "Song", ChartType.Dx, Difficulty.Master, null, new Achievement(1_005_000), false, 1000, 1200,
            ComboLamp.None, SyncLamp.None, null, null, null, null, null, null, null, null, null, null, null, null, null, null, DetailPending: true);
        var proto = SnapshotMapping.ToProto(pending);
        Assert.True(proto.DetailPending);
        Assert.Null(proto.TapJudgements);
        Assert.Null(proto.BreakJudgements);

        var read = SnapshotMapping.ToProto(pending with { DetailPending = false, Fast = 3, Late = 4, Tap = new PlayJudgementCounts(300, 10, 2, 0, 1) });
        Assert.False(read.DetailPending);
        Assert.Equal((3, 4, 300), (read.Fast, read.Late, read.TapJudgements.CriticalPerfect));
    }
}
