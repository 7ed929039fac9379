using System.Globalization;
using Grpc.Core;
using Maimai.Core.Accounts;
using Maimai.Core.Snapshots;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using Microsoft.AspNetCore.DataProtection;
using CoreChartType = Maimai.Core.Game.ChartType;
using CoreDifficulty = Maimai.Core.Game.Difficulty;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Grpc.Services.V1;

/// <summary>maimai.v1.SnapshotService over <see cref="ISnapshotQueries"/>, which scopes every read by the caller.</summary>
public sealed class SnapshotService(ISnapshotQueries snapshots, IAccountDeletion deletion, IDataProtectionProvider dataProtection)
    : Contracts.V1.SnapshotService.SnapshotServiceBase
{
    // ListScores cursors become SQL parameters of the keyset page query: their tokens are sealed (PageTokens version 2).
    private readonly IDataProtector _scoreTokens = dataProtection.CreateProtector("Maimai.Grpc.SnapshotService.ListScores.PageToken.v2");

    public override async Task<DeleteSnapshotResponse> DeleteSnapshot(DeleteSnapshotRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var id = check.Required(request.SnapshotId, "snapshot_id");
        check.ThrowIfInvalid();
        if (!Ids.TryParse(id, out var snapshotId)
            || !await deletion.DeleteSnapshotAsync(caller.UserId, snapshotId, AuditActor.User(caller.UserId), context.CancellationToken))
        {
            throw ApiErrors.NotFound("snapshot", id);
        }

        return new DeleteSnapshotResponse();
    }

    public override async Task<ListSnapshotsResponse> ListSnapshots(ListSnapshotsRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.RequiredRegion(request.Region);
        var range = check.Range(request.FromTime, request.ToTime);
        var size = check.PageSize(request.PageSize);
        var cursor = PageTokens.Decode(request.PageToken, request, 1, check);
        int? beforeSeq = cursor is null ? null : (int)Ids.CursorNumber(cursor[0], check);
        check.ThrowIfInvalid();

        var list = await snapshots.ListSnapshotsAsync(caller.UserId, region, range, beforeSeq, size + 1, context.CancellationToken);
        var response = new ListSnapshotsResponse();
        response.Snapshots.AddRange(list.Take(size).Select(SnapshotMapping.ToProto));
        if (list.Count > size)
        {
            response.NextPageToken = PageTokens.Encode(request, list[size - 1].Seq.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    public override async Task<GetSnapshotResponse> GetSnapshot(GetSnapshotRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        SnapshotDetail? snapshot;
        switch (request.SelectorCase)
        {
            case GetSnapshotRequest.SelectorOneofCase.SnapshotId:
                var id = check.Required(request.SnapshotId, "snapshot_id");
                check.ThrowIfInvalid();
                snapshot = Ids.TryParse(id, out var snapshotId) ? await snapshots.GetSnapshotAsync(caller.UserId, snapshotId, context.CancellationToken) : null;
                return new GetSnapshotResponse { Snapshot = SnapshotMapping.ToProto(snapshot ?? throw ApiErrors.NotFound("snapshot", id)) };
            case GetSnapshotRequest.SelectorOneofCase.LatestForRegion:
                var region = check.RequiredRegion(request.LatestForRegion, "latest_for_region");
                check.ThrowIfInvalid();
                snapshot = await snapshots.GetLatestSnapshotAsync(caller.UserId, region, context.CancellationToken);
                return new GetSnapshotResponse
                {
                    Snapshot = SnapshotMapping.ToProto(snapshot ?? throw ApiErrors.NotFound("This region has no snapshot yet.", ("region", region.ToString().ToLowerInvariant()))),
                };
            default:
                check.Add("selector", "set snapshot_id or latest_for_region");
                check.ThrowIfInvalid();
                throw new InvalidOperationException("unreachable");
        }
    }

    public override async Task<ListScoresResponse> ListScores(ListScoresRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var id = check.Required(request.SnapshotId, "snapshot_id");
        var (min, max) = check.Levels(request.Level);
        var query = new ScoreQuery
        {
            Difficulties = check.Set(EnumMaps.Difficulty, request.Difficulties, "difficulties"),
            ChartType = check.Optional(EnumMaps.ChartType, request.ChartType, "chart_type"),
            MinLevel = min,
            MaxLevel = max,
            ComboLamps = check.Set(EnumMaps.ComboLamp, request.ComboLamps, "combo_lamps"),
            SyncLamps = check.Set(EnumMaps.SyncLamp, request.SyncLamps, "sync_lamps"),
        };
        var size = check.PageSize(request.PageSize);
        var cursor = PageTokens.DecodeSealed(request.PageToken, request, 7, check, _scoreTokens);
        var after = cursor is null ? null : new ScoreCursor(
            (int)Ids.CursorNumber(cursor[0], check), cursor[1], (CoreChartType)Ids.CursorNumber(cursor[2], check),
            (CoreDifficulty)Ids.CursorNumber(cursor[3], check), (int)Ids.CursorNumber(cursor[4], check),
            new ScoreSetPosition((CoreRegion)Ids.CursorNumber(cursor[5], check), (int)Ids.CursorNumber(cursor[6], check)));
        check.ThrowIfInvalid();

        var page = Ids.TryParse(id, out var snapshotId)
            ? await snapshots.ListScoresAsync(caller.UserId, snapshotId, query, after, size, context.CancellationToken)
            : null;
        if (page is null)
        {
            throw ApiErrors.NotFound("snapshot", id);
        }

        var response = new ListScoresResponse();
        response.Scores.AddRange(page.Scores.Select(SnapshotMapping.ToProto));
        if (page.Next is { } next)
        {
            response.NextPageToken = PageTokens.EncodeSealed(request, _scoreTokens,
                Number(next.LevelTenths), next.Title, Number((int)next.ChartType), Number((int)next.Difficulty), Number(next.ChartId),
                Number((int)(next.Set?.Region ?? 0)), Number(next.Set?.Seq ?? 0));
        }

        return response;
    }

    public override async Task<ListRecentPlaysResponse> ListRecentPlays(ListRecentPlaysRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var id = check.Required(request.SnapshotId, "snapshot_id");
        var size = check.PageSize(request.PageSize);
        var cursor = PageTokens.Decode(request.PageToken, request, 2, check);
        var after = cursor is null ? null : new PlayCursor(Ids.CursorNumber(cursor[0], check), (int)Ids.CursorNumber(cursor[1], check));
        check.ThrowIfInvalid();

        var page = Ids.TryParse(id, out var snapshotId)
            ? await snapshots.ListRecentPlaysAsync(caller.UserId, snapshotId, after, size, context.CancellationToken)
            : null;
        if (page is null)
        {
            throw ApiErrors.NotFound("snapshot", id);
        }

        var response = new ListRecentPlaysResponse();
        response.Plays.AddRange(page.Plays.Select(SnapshotMapping.ToProto));
        if (page.Next is { } next)
        {
            response.NextPageToken = PageTokens.Encode(request, Number(next.PlayedAtUnixSeconds), Number(next.Track));
        }

        return response;
    }

    public override async Task<GetRatingHistoryResponse> GetRatingHistory(GetRatingHistoryRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.RequiredRegion(request.Region);
        var range = check.Range(request.FromTime, request.ToTime);
        string? chart = null;
        if (request.HasChartId)
        {
            chart = check.Required(request.ChartId, "chart_id");
        }

        check.ThrowIfInvalid();
        IReadOnlyList<Core.Snapshots.RatingPoint>? points;
        if (chart is null)
        {
            points = await snapshots.GetRatingHistoryAsync(caller.UserId, region, range, context.CancellationToken);
        }
        else
        {
            points = Ids.TryParseInt(chart, out var chartId)
                ? await snapshots.GetChartHistoryAsync(caller.UserId, region, chartId, range, context.CancellationToken)
                : null;
        }

        var response = new GetRatingHistoryResponse();
        response.Points.AddRange((points ?? throw ApiErrors.NotFound("chart", chart!)).Select(SnapshotMapping.ToProto));
        return response;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
