using System.Globalization;
using Grpc.Core;
using Maimai.Core.Sharing;
using Maimai.Core.Snapshots;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using CoreChartType = Maimai.Core.Game.ChartType;
using CoreDifficulty = Maimai.Core.Game.Difficulty;
using CoreRegion = Maimai.Core.Game.Region;
using SharedParts = Maimai.Core.Sharing.SharedParts;

namespace Maimai.Grpc.Services.V1;

/// <summary>
/// maimai.v1.PublicProfileService: the parts of a player's profile they chose to share, by username, for anyone.
/// The owner's switches are read on every call (<see cref="ISharingStore"/> is uncached) and each part is left out
/// here, before anything is mapped, so a part switched off cannot reach a response by any path.
/// </summary>
public sealed class PublicProfileService(ISharingStore sharing, ISnapshotQueries snapshots) : Contracts.V1.PublicProfileService.PublicProfileServiceBase
{
    public override async Task<GetPublicProfileResponse> GetPublicProfile(GetPublicProfileRequest request, ServerCallContext context)
    {
        var check = new RequestCheck();
        var username = check.Required(request.Username, "username");
        check.ThrowIfInvalid();
        var owner = await FindAsync(username, context);

        var profile = new PublicProfile { Username = owner.Username, Shared = SharingMapping.ToProto(owner.Parts) };
        foreach (var (region, proto) in EnumMaps.Region.Pairs)
        {
            var latest = await snapshots.GetLatestSnapshotAsync(owner.UserId, region, context.CancellationToken);
            if (latest is not null)
            {
                profile.Regions.Add(ToProto(proto, latest, owner.Parts));
            }
        }

        return new GetPublicProfileResponse { Profile = profile };
    }

    public override async Task<ListPublicScoresResponse> ListPublicScores(ListPublicScoresRequest request, ServerCallContext context)
    {
        var check = new RequestCheck();
        var username = check.Required(request.Username, "username");
        var region = check.RequiredRegion(request.Region);
        var size = check.PageSize(request.PageSize);
        var cursor = PageTokens.Decode(request.PageToken, request, 5, check);
        var after = cursor is null ? null : new ScoreCursor(
            (int)Ids.CursorNumber(cursor[0], check), cursor[1], (CoreChartType)Ids.CursorNumber(cursor[2], check),
            (CoreDifficulty)Ids.CursorNumber(cursor[3], check), (int)Ids.CursorNumber(cursor[4], check));
        check.ThrowIfInvalid();

        var owner = await FindAsync(username, context);
        if (!owner.Parts.Scores)
        {
            throw ApiErrors.NotShared("scores");
        }

        var latest = await LatestAsync(owner, region, context);
        var page = await snapshots.ListScoresAsync(owner.UserId, latest.Id, new ScoreQuery(), after, size, context.CancellationToken)
            ?? throw NoSnapshot(region);
        var response = new ListPublicScoresResponse();
        foreach (var score in page.Scores)
        {
            response.Scores.Add(SnapshotMapping.ToProto(owner.Parts.PlayCounts ? score : score with { PlayCount = null }));
        }

        if (page.Next is { } next)
        {
            response.NextPageToken = PageTokens.Encode(request,
                Number(next.LevelTenths), next.Title, Number((int)next.ChartType), Number((int)next.Difficulty), Number(next.ChartId));
        }

        return response;
    }

    public override async Task<ListPublicRecentPlaysResponse> ListPublicRecentPlays(ListPublicRecentPlaysRequest request, ServerCallContext context)
    {
        var check = new RequestCheck();
        var username = check.Required(request.Username, "username");
        var region = check.RequiredRegion(request.Region);
        var size = check.PageSize(request.PageSize);
        var cursor = PageTokens.Decode(request.PageToken, request, 2, check);
        var after = cursor is null ? null : new PlayCursor(Ids.CursorNumber(cursor[0], check), (int)Ids.CursorNumber(cursor[1], check));
        check.ThrowIfInvalid();

        var owner = await FindAsync(username, context);
        if (!owner.Parts.RecentPlays)
        {
            throw ApiErrors.NotShared("recent_plays");
        }

        var latest = await LatestAsync(owner, region, context);
        var page = await snapshots.ListRecentPlaysAsync(owner.UserId, latest.Id, after, size, context.CancellationToken)
            ?? throw NoSnapshot(region);
        var response = new ListPublicRecentPlaysResponse();
        // Where someone plays is where they can be found: the venue is never public.
        response.Plays.AddRange(page.Plays.Select(play => SnapshotMapping.ToProto(play with { Venue = null })));
        if (page.Next is { } next)
        {
            response.NextPageToken = PageTokens.Encode(request, Number(next.PlayedAtUnixSeconds), Number(next.Track));
        }

        return response;
    }

    private async Task<PublicSharing> FindAsync(string username, ServerCallContext context) =>
        await sharing.FindPublicAsync(username, context.CancellationToken) ?? throw ApiErrors.PublicProfileNotFound();

    private async Task<SnapshotDetail> LatestAsync(PublicSharing owner, CoreRegion region, ServerCallContext context) =>
        await snapshots.GetLatestSnapshotAsync(owner.UserId, region, context.CancellationToken) ?? throw NoSnapshot(region);

    private static RpcException NoSnapshot(CoreRegion region) =>
        ApiErrors.NotFound("This player has no snapshot of this region yet.", ("region", region.ToString().ToLowerInvariant()));

    private static PublicRegionProfile ToProto(Contracts.V1.Region region, SnapshotDetail snapshot, SharedParts parts)
    {
        var p = snapshot.Profile;
        var shown = new PublicRegionProfile { Region = region, TakenAt = ProtoTime.From(snapshot.TakenAt) };
        if (parts.Profile)
        {
            shown.Summary = new PublicPlayerSummary
            {
                PlayerName = p.PlayerName,
                Rating = snapshot.Rating ?? 0,
                SiteRating = p.SiteRating ?? 0,
                RatingColor = EnumMaps.RatingColor(p.RatingColor?.ToString(), p.SiteRating),
                ClassRank = p.ClassRank is { } c ? EnumMaps.ClassRank.ToProto(c) : ClassRank.Unspecified,
                CourseRank = p.CourseRank is { } r ? EnumMaps.CourseRank.ToProto(r) : CourseRank.Unspecified,
            };
        }

        if (parts.PlayCounts)
        {
            shown.PlayCounts = new PublicPlayCounts { VersionPlayCount = p.VersionPlayCount ?? 0, TotalPlayCount = p.TotalPlayCount ?? 0 };
        }

        return shown;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
