using Maimai.Core.Fetching;
using ProtoFetch = Maimai.Grpc.Contracts.V1.Fetch;
using FetchPageCount = Maimai.Grpc.Contracts.V1.FetchPageCount;
using ProtoFetchStage = Maimai.Grpc.Contracts.V1.FetchStage;

namespace Maimai.Grpc.Services.V1;

/// <summary>Core FetchStatus → maimai.v1 Fetch.</summary>
public static class FetchMapping
{
    public static ProtoFetch ToProto(FetchStatus f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var fetch = new ProtoFetch
        {
            Id = Ids.Format(f.Id),
            Region = EnumMaps.Region.ToProto(f.Region),
            State = EnumMaps.FetchState.ToProto(f.State),
            // The contract says DONE once completed or failed, whatever stage the fetch stopped in.
            Stage = f.IsTerminal ? ProtoFetchStage.Done : f.Stage is { } stage ? EnumMaps.FetchStage.ToProto(stage) : ProtoFetchStage.Unspecified,
            PagesDone = f.PagesDone,
            PagesTotal = f.PagesTotal,
            CreatedAt = ProtoTime.From(f.CreatedAt),
            StartedAt = ProtoTime.From(f.StartedAt),
            FinishedAt = ProtoTime.From(f.FinishedAt),
            // Stored at the end of the snapshot phase (SnapshotAt); a fetch that fails in its detail phase keeps it.
            SnapshotId = f.SnapshotId is { } snapshot && (f.State == FetchState.Completed || f.SnapshotAt is not null) ? Ids.Format(snapshot) : "",
            ErrorCode = f.State == FetchState.Failed && f.ErrorCode != FetchErrorCode.None
                ? EnumMaps.FetchErrorCode.ToProto(f.ErrorCode)
                : Contracts.V1.FetchErrorCode.Unspecified,
            ErrorMessage = f.State == FetchState.Failed ? f.ErrorMessage ?? "" : "",
            WarningCount = f.WarningCount,
            Phase = EnumMaps.FetchPhase.ToProto(f.Phase),
            SnapshotAt = ProtoTime.From(f.SnapshotAt),
            DetailPagesDone = f.DetailDone,
            DetailPagesTotal = f.DetailTotal,
            SnapshotExpectedAt = f.IsTerminal ? null : ProtoTime.From(f.SnapshotExpectedAt),
            DetailExpectedAt = f.IsTerminal ? null : ProtoTime.From(f.DetailExpectedAt),
        };
        foreach (var (pageStage, requests) in f.PagesRequested?.Counts ?? [])
        {
            fetch.PagesRequested.Add(new FetchPageCount { Stage = EnumMaps.FetchStage.ToProto(pageStage), Requests = requests });
        }

        return fetch;
    }
}
