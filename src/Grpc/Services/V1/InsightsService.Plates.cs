using System.Globalization;
using Grpc.Core;
using Maimai.Core.Plates;
using Maimai.Core.Snapshots;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using CorePlateKind = Maimai.Core.Plates.PlateKind;

namespace Maimai.Grpc.Services.V1;

/// <summary>InsightsService.GetPlateProgress: the version plates computed in Core from one of the caller's snapshots.</summary>
public sealed partial class InsightsService
{
    public override async Task<GetPlateProgressResponse> GetPlateProgress(GetPlateProgressRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var pageSize = check.PageSize(request.PageSize);
        PlateGroup? onlyGroup = null;
        if (request.VersionGroup.Length > 0 && !PlateGroup.TryFind(request.VersionGroup, out onlyGroup))
        {
            check.Add("version_group", $"is not a version group; use one of {string.Join(", ", PlateGroup.All.Select(g => g.Name))}");
        }

        var onlyKind = check.Optional(EnumMaps.PlateKind, request.Kind, "kind");
        var cursor = PageTokens.Decode(request.PageToken, request, 4, check);
        string? snapshotId = null;
        var region = Core.Game.Region.Intl;
        switch (request.SelectorCase)
        {
            case GetPlateProgressRequest.SelectorOneofCase.SnapshotId:
                snapshotId = check.Required(request.SnapshotId, "snapshot_id");
                break;
            case GetPlateProgressRequest.SelectorOneofCase.LatestForRegion:
                region = check.RequiredRegion(request.LatestForRegion, "latest_for_region");
                break;
            default:
                check.Add("selector", "set snapshot_id or latest_for_region");
                break;
        }

        // A page token names the snapshot, plate and offset it continues, so "latest" stays the snapshot page one read.
        PlateGroup? pagedGroup = null;
        CorePlateKind pagedKind = default;
        var offset = 0;
        if (cursor is not null)
        {
            if (!PlateGroup.TryFind(cursor[1], out pagedGroup) || !Enum.TryParse(cursor[2], out pagedKind)
                || !int.TryParse(cursor[3], NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            {
                check.Add("page_token", "is not a page token this server issued");
            }

            snapshotId = cursor[0];
        }

        check.ThrowIfInvalid();
        var (snapshot, scores) = snapshotId is not null
            ? await OwnSnapshotAsync(caller.UserId, snapshotId, context)
            : await LatestSnapshotAsync(caller.UserId, region, context);

        var library = await songs.GetLibraryAsync(context.CancellationToken);
        var response = new GetPlateProgressResponse { SnapshotId = Ids.Format(snapshot.Id), Region = EnumMaps.Region.ToProto(snapshot.Region) };
        foreach (var plate in PlateCheck.For(library, snapshot.Region, scores))
        {
            var wanted = pagedGroup is not null
                ? plate.Group == pagedGroup && plate.Kind == pagedKind
                : (onlyGroup is null || plate.Group == onlyGroup) && (onlyKind is null || plate.Kind == onlyKind);
            if (!wanted)
            {
                continue;
            }

            var start = Math.Min(offset, plate.Missing.Count);
            var page = plate.Missing.Skip(start).Take(pageSize).ToArray();
            var next = start + page.Length < plate.Missing.Count
                ? PageTokens.Encode(request, Ids.Format(snapshot.Id), plate.Group.Name, plate.Kind.ToString(), (start + page.Length).ToString(CultureInfo.InvariantCulture))
                : "";
            response.Plates.Add(PlateMapping.ToProto(plate, page, next));
        }

        return response;
    }

    private async Task<(SnapshotDetail Snapshot, IReadOnlyList<ListedScore> Scores)> LatestSnapshotAsync(long userId, Core.Game.Region region, ServerCallContext context)
    {
        var snapshot = await snapshots.GetLatestSnapshotAsync(userId, region, context.CancellationToken)
            ?? throw ApiErrors.NotFound("This region has no snapshot yet.", ("region", region.ToString().ToLowerInvariant()));
        var scores = await AllScoresAsync(userId, snapshot.Id, context) ?? throw ApiErrors.NotFound("snapshot", Ids.Format(snapshot.Id));
        return (snapshot, scores);
    }
}
