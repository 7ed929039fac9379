using Maimai.Core.Rating;
using Maimai.Core.Snapshots;
using Maimai.Grpc.Contracts.V1;
using ProtoRatedChart = Maimai.Grpc.Contracts.V1.RatedChart;

namespace Maimai.Grpc.Services.V1;

/// <summary>Maps Core's rating report onto InsightsService's messages.</summary>
public static class InsightsMapping
{
    public static GetRatingResponse ToProto(SnapshotDetail snapshot, RatingReport report, IReadOnlyDictionary<int, ListedScore> scores)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(scores);
        var rating = report.Rating;
        var response = new GetRatingResponse
        {
            SnapshotId = Ids.Format(snapshot.Id),
            Region = EnumMaps.Region.ToProto(snapshot.Region),
            CurrentVersion = rating.CurrentVersion.Name,
            NewTotal = rating.NewTotal,
            OldTotal = rating.OldTotal,
            Rating = rating.Total,
        };
        if (snapshot.Profile.SiteRating is { } site)
        {
            response.SiteRating = site;
        }

        response.NewBest.AddRange(rating.NewBest.Select(c => ToProto(c, scores[c.Score.ChartId])));
        response.OldBest.AddRange(rating.OldBest.Select(c => ToProto(c, scores[c.Score.ChartId])));
        var counted = rating.NewBest.Concat(rating.OldBest).Select(c => c.Score.ChartId).ToHashSet();
        response.UnknownLevels.AddRange(report.UnknownLevels.Select(c => ToProto(c, scores[c.Score.ChartId], counts: counted.Contains(c.Score.ChartId))));
        response.ChangedLevels.AddRange(report.ChangedLevels.Select(c => ToProto(c, scores[c.Score.ChartId], counts: counted.Contains(c.Score.ChartId))));
        return response;
    }

    public static GetSnapshotDiffResponse ToProto(
        SnapshotChanges changes, RatingChange movement, IReadOnlyDictionary<int, ListedScore> before, IReadOnlyDictionary<int, ListedScore> after)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(movement);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var response = new GetSnapshotDiffResponse
        {
            SnapshotId = Ids.Format(changes.To.Id),
            PreviousSnapshotId = Ids.Format(changes.From.Id),
            PreviousRating = movement.Before.Total,
            Rating = movement.After.Total,
            RatingChange = movement.Delta,
            PlayCountGained = changes.Changes.Sum(c => c.PlayCountGained ?? 0),
            NewPlays = changes.NewPlays,
        };
        response.Changes.AddRange(changes.Changes.Select(ToProto));
        response.EnteredBest.AddRange(movement.Entered.Select(c => ToProto(c, after[c.Score.ChartId])));
        response.LeftBest.AddRange(movement.Left.Select(c => ToProto(c, before[c.Score.ChartId])));
        return response;
    }

    private static Contracts.V1.ScoreChange ToProto(Core.Snapshots.ScoreChange change)
    {
        var now = change.After;
        var proto = new Contracts.V1.ScoreChange
        {
            ChartId = Ids.Format(now.ChartId),
            SongId = Ids.Format(now.SongId),
            Title = now.Title,
            ChartType = EnumMaps.ChartType.ToProto(now.ChartType),
            Difficulty = EnumMaps.Difficulty.ToProto(now.Difficulty),
            LevelX10 = now.Level.Tenths,
            AchievementX10000 = now.Achievement.TenThousandths,
            Rank = EnumMaps.ScoreRank.ToProto(now.Achievement.Rank),
            ComboLamp = EnumMaps.ComboLamp.ToProto(now.ComboLamp),
            SyncLamp = EnumMaps.SyncLamp.ToProto(now.SyncLamp),
            NewBest = change.IsNewBest,
            LampGained = change.LampGained,
            RankChanged = change.RankChanged,
        };
        if (change.Before is { } then)
        {
            proto.PreviousAchievementX10000 = then.Achievement.TenThousandths;
            proto.PreviousRank = EnumMaps.ScoreRank.ToProto(then.Achievement.Rank);
            proto.PreviousComboLamp = EnumMaps.ComboLamp.ToProto(then.ComboLamp);
            proto.PreviousSyncLamp = EnumMaps.SyncLamp.ToProto(then.SyncLamp);
        }

        if (change.PlayCountGained is { } gained)
        {
            proto.PlayCountGained = gained;
        }

        return proto;
    }

    public static GetRecommendationsResponse ToProto(
        SnapshotDetail snapshot, PlayerRating rating, IReadOnlyList<Core.Rating.Recommendation> found, IReadOnlyDictionary<int, ListedScore> scores)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(rating);
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(scores);
        var counted = rating.NewBest.Concat(rating.OldBest).Select(c => c.Score.ChartId).ToHashSet();
        var response = new GetRecommendationsResponse { SnapshotId = Ids.Format(snapshot.Id), Rating = rating.Total };
        response.Recommendations.AddRange(found.Select(r =>
        {
            var proto = new Contracts.V1.Recommendation
            {
                Chart = ToProto(r.Chart, scores[r.Chart.Score.ChartId], counted.Contains(r.Chart.Score.ChartId)),
                NextRank = EnumMaps.ScoreRank.ToProto(r.NextTarget.Rank),
                NextRankAchievementX10000 = r.NextTarget.TenThousandths,
                NextRankGain = r.NextGain,
            };
            if (r.SecondTarget is { } second && r.SecondGain is { } gain)
            {
                proto.SecondRank = EnumMaps.ScoreRank.ToProto(second.Rank);
                proto.SecondRankAchievementX10000 = second.TenThousandths;
                proto.SecondRankGain = gain;
            }

            return proto;
        }));
        return response;
    }

    private static ProtoRatedChart ToProto(Core.Rating.RatedChart chart, ListedScore listed, bool counts = true)
    {
        var score = chart.Score;
        var proto = new ProtoRatedChart
        {
            ChartId = Ids.Format(listed.ChartId),
            SongId = Ids.Format(listed.SongId),
            Title = listed.Title,
            ChartType = EnumMaps.ChartType.ToProto(listed.ChartType),
            Difficulty = EnumMaps.Difficulty.ToProto(listed.Difficulty),
            LevelX10 = listed.Level.Tenths,
            RatingLevelX10 = score.RatingLevel.Tenths,
            AchievementX10000 = score.Achievement.TenThousandths,
            Rank = EnumMaps.ScoreRank.ToProto(score.Achievement.Rank),
            ComboLamp = EnumMaps.ComboLamp.ToProto(score.ComboLamp),
            Contribution = chart.Value,
            IsNew = chart.IsNew,
        };
        if (score.InternalLevel is { } internalLevel)
        {
            proto.InternalLevelX10 = internalLevel.Tenths;
        }

        if (listed.SiteLevel is { } siteLevel)
        {
            proto.SiteLevelX10 = siteLevel.Tenths;
        }

        // A chart outside the best 50 gains nothing by itself unless it enters; only counted charts get a gain.
        if (counts && NextRank.BoundAbove(score.Achievement) is { } next)
        {
            proto.NextRank = EnumMaps.ScoreRank.ToProto(next.Rank);
            proto.NextRankGain = NextRank.Gain(chart)!.Value;
        }

        return proto;
    }
}
