using Grpc.Core;
using Maimai.Core.Exports;
using Maimai.Core.Rating;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;

namespace Maimai.Grpc.Services.V1;

/// <summary>
/// maimai.v1.InsightsService: the rating and exports of one of the caller's snapshots. Every read goes through
/// <see cref="ISnapshotQueries"/>, which scopes it by the caller, so another user's snapshot is NOT_FOUND.
/// </summary>
public sealed partial class InsightsService(ISnapshotQueries snapshots, ISnapshotDiffQueries diffs, ISongQueries songs, CurrentVersions versions, IHistoryQueries history)
    : Contracts.V1.InsightsService.InsightsServiceBase
{
    public override async Task<GetRatingResponse> GetRating(GetRatingRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        SnapshotDetail snapshot;
        IReadOnlyList<ListedScore> scores;
        switch (request.SelectorCase)
        {
            case GetRatingRequest.SelectorOneofCase.SnapshotId:
                var id = check.Required(request.SnapshotId, "snapshot_id");
                check.ThrowIfInvalid();
                (snapshot, scores) = await OwnSnapshotAsync(caller.UserId, id, context);
                break;
            case GetRatingRequest.SelectorOneofCase.LatestForRegion:
                var region = check.RequiredRegion(request.LatestForRegion, "latest_for_region");
                check.ThrowIfInvalid();
                snapshot = await snapshots.GetLatestSnapshotAsync(caller.UserId, region, context.CancellationToken)
                    ?? throw ApiErrors.NotFound("This region has no snapshot yet.", ("region", region.ToString().ToLowerInvariant()));
                scores = await AllScoresAsync(caller.UserId, snapshot.Id, context) ?? throw ApiErrors.NotFound("snapshot", Ids.Format(snapshot.Id));
                break;
            default:
                check.Add("selector", "set snapshot_id or latest_for_region");
                check.ThrowIfInvalid();
                throw new InvalidOperationException("unreachable");
        }

        var library = await songs.GetLibraryAsync(context.CancellationToken);
        var current = versions.For(snapshot.Region);
        var report = RatingReport.Build([.. SnapshotScores.ToRated(scores, library, snapshot.Region)], current);
        return InsightsMapping.ToProto(snapshot, report, scores.ToDictionary(s => s.ChartId));
    }

    public override async Task<ExportSnapshotResponse> ExportSnapshot(ExportSnapshotRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var id = check.Required(request.SnapshotId, "snapshot_id");
        if (request.Format is not (ExportFormat.Csv or ExportFormat.Json or ExportFormat.Tachi))
        {
            check.Add("format", "set EXPORT_FORMAT_CSV, EXPORT_FORMAT_JSON or EXPORT_FORMAT_TACHI");
        }

        check.ThrowIfInvalid();
        var (snapshot, scores) = await OwnSnapshotAsync(caller.UserId, id, context);

        var name = $"maimai-{snapshot.Region.ToString().ToLowerInvariant()}-{snapshot.TakenAt.UtcDateTime:yyyy-MM-dd}-{Ids.Format(snapshot.Id)}";
        var (file, type, bytes) = request.Format switch
        {
            ExportFormat.Csv => (name + ".csv", ScoreCsv.ContentType, ScoreCsv.Write(scores)),
            ExportFormat.Json => (name + ".json", ScoreJson.ContentType, ScoreJson.Write(snapshot, scores)),
            _ => (name + ".tachi.json", TachiBatchManual.ContentType, TachiBatchManual.Write(scores)),
        };
        return new ExportSnapshotResponse { FileName = file, ContentType = type, Content = Google.Protobuf.ByteString.CopyFrom(bytes) };
    }

    public override async Task<GetSnapshotDiffResponse> GetSnapshotDiff(GetSnapshotDiffRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var id = check.Required(request.SnapshotId, "snapshot_id");
        check.ThrowIfInvalid();
        long? previousId = null;
        if (request.PreviousSnapshotId.Length > 0)
        {
            previousId = Ids.TryParse(request.PreviousSnapshotId, out var parsed) ? parsed : throw ApiErrors.NotFound("snapshot", request.PreviousSnapshotId);
        }

        var changes = Ids.TryParse(id, out var snapshotId) ? await diffs.GetChangesAsync(caller.UserId, snapshotId, previousId, context.CancellationToken) : null;
        if (changes is null)
        {
            throw ApiErrors.NotFound("No such snapshot, or no earlier snapshot of its region to compare it with.", ("snapshot_id", id));
        }

        // The earlier score set is read once (the score cache usually holds it); the later one is it with the changes applied.
        var before = await AllScoresAsync(caller.UserId, changes.From.Id, context) ?? throw ApiErrors.NotFound("snapshot", Ids.Format(changes.From.Id));
        var after = before.ToDictionary(s => s.ChartId);
        foreach (var change in changes.Changes)
        {
            after[change.After.ChartId] = change.After;
        }

        var library = await songs.GetLibraryAsync(context.CancellationToken);
        var current = versions.For(changes.To.Region);
        var movement = RatingChange.Between(
            RatingCalculator.Compute(SnapshotScores.ToRated(before, library, changes.From.Region), current),
            RatingCalculator.Compute(SnapshotScores.ToRated(after.Values, library, changes.To.Region), current));
        return InsightsMapping.ToProto(changes, movement, before.ToDictionary(s => s.ChartId), after);
    }

    public override async Task<GetRecommendationsResponse> GetRecommendations(GetRecommendationsRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var id = check.Required(request.SnapshotId, "snapshot_id");
        if (request.Limit is < 0 or > 100)
        {
            check.Add("limit", "set 1 to 100, or 0 for 20");
        }

        check.ThrowIfInvalid();
        var (snapshot, scores) = await OwnSnapshotAsync(caller.UserId, id, context);

        var library = await songs.GetLibraryAsync(context.CancellationToken);
        var current = versions.For(snapshot.Region);
        IReadOnlyCollection<RatedScore> rated = [.. SnapshotScores.ToRated(scores, library, snapshot.Region)];
        var found = Recommendations.For(rated, current, request.Limit == 0 ? 20 : request.Limit);
        return InsightsMapping.ToProto(snapshot, RatingCalculator.Compute(rated, current), found, scores.ToDictionary(s => s.ChartId));
    }

    public override Task<GetChartHistoryResponse> GetChartHistory(GetChartHistoryRequest request, ServerCallContext context) =>
        InsightsHistory.ChartAsync(history, songs, request, context);

    public override Task<GetPlayActivityResponse> GetPlayActivity(GetPlayActivityRequest request, ServerCallContext context) =>
        InsightsHistory.PlayActivityAsync(history, request, context);

    public override Task<GetJudgementTrendResponse> GetJudgementTrend(GetJudgementTrendRequest request, ServerCallContext context) =>
        InsightsHistory.JudgementTrendAsync(history, request, context);

    // The caller's own snapshot and all its scores; another user's id, like an unknown one, is NOT_FOUND.
    private async Task<(SnapshotDetail Snapshot, IReadOnlyList<ListedScore> Scores)> OwnSnapshotAsync(long userId, string id, ServerCallContext context)
    {
        var snapshot = Ids.TryParse(id, out var snapshotId) ? await snapshots.GetSnapshotAsync(userId, snapshotId, context.CancellationToken) : null;
        var scores = snapshot is null ? null : await AllScoresAsync(userId, snapshot.Id, context);
        return snapshot is null || scores is null ? throw ApiErrors.NotFound("snapshot", id) : (snapshot, scores);
    }

    // One page holding every score: the snapshot's set is already in memory (the score cache), in ListScores order.
    private async Task<IReadOnlyList<ListedScore>?> AllScoresAsync(long userId, long snapshotId, ServerCallContext context) =>
        (await snapshots.ListScoresAsync(userId, snapshotId, new ScoreQuery(), null, int.MaxValue, context.CancellationToken))?.Scores;
}
