using Maimai.Core.Snapshots;
using Maimai.Grpc.Contracts.V1;
using CoreSnapshotSummary = Maimai.Core.Snapshots.SnapshotSummary;
using ProtoRatingPoint = Maimai.Grpc.Contracts.V1.RatingPoint;
using ProtoSnapshotSummary = Maimai.Grpc.Contracts.V1.SnapshotSummary;

namespace Maimai.Grpc.Services.V1;

/// <summary>Core snapshot records → maimai.v1 messages.</summary>
public static class SnapshotMapping
{
    public static ProtoSnapshotSummary ToProto(CoreSnapshotSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new ProtoSnapshotSummary
        {
            Id = Ids.Format(s.Id),
            Region = EnumMaps.Region.ToProto(s.Region),
            TakenAt = ProtoTime.From(s.TakenAt),
            Rating = s.Rating,
            SiteRating = s.SiteRating,
            TotalPlayCount = s.TotalPlayCount,
        };
    }

    public static Snapshot ToProto(SnapshotDetail s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var p = s.Profile;
        return new Snapshot
        {
            Id = Ids.Format(s.Id),
            Region = EnumMaps.Region.ToProto(s.Region),
            TakenAt = ProtoTime.From(s.TakenAt),
            FetchId = s.FetchId is { } fetch ? Ids.Format(fetch) : "",
            PlayerName = p.PlayerName,
            Title = p.Title ?? "",
            TrophyColor = EnumMaps.TrophyColor(p.TrophyColor),
            IconUrl = p.IconUrl ?? "",
            SiteRating = p.SiteRating ?? 0,
            Rating = s.Rating ?? 0,
            RatingColor = EnumMaps.RatingColor(p.RatingColor?.ToString(), p.SiteRating),
            ClassRank = p.ClassRank is { } c ? EnumMaps.ClassRank.ToProto(c) : ClassRank.Unspecified,
            CourseRank = p.CourseRank is { } r ? EnumMaps.CourseRank.ToProto(r) : CourseRank.Unspecified,
            Stars = p.Stars ?? 0,
            VersionPlayCount = p.VersionPlayCount ?? 0,
            TotalPlayCount = p.TotalPlayCount ?? 0,
        };
    }

    public static ChartScore ToProto(ListedScore s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var score = new ChartScore
        {
            ChartId = Ids.Format(s.ChartId),
            SongId = Ids.Format(s.SongId),
            Title = s.Title,
            Artist = s.Artist,
            Genre = s.Genre,
            ChartType = EnumMaps.ChartType.ToProto(s.ChartType),
            Difficulty = EnumMaps.Difficulty.ToProto(s.Difficulty),
            LevelX10 = s.Level.Tenths,
            AchievementX10000 = s.Achievement.TenThousandths,
            Rank = EnumMaps.ScoreRank.ToProto(s.Achievement.Rank),
            DxScore = s.DxScore,
            DxScoreMax = s.DxScoreMax ?? 0,
            ComboLamp = EnumMaps.ComboLamp.ToProto(s.ComboLamp),
            SyncLamp = EnumMaps.SyncLamp.ToProto(s.SyncLamp),
            LastPlayedAt = ProtoTime.From(s.LastPlayedAt),
        };
        if (s.InternalLevel is { } internalLevel)
        {
            score.InternalLevelX10 = internalLevel.Tenths;
        }

        if (s.PlayCount is { } plays)
        {
            score.PlayCount = plays;
        }

        return score;
    }

    public static RecentPlay ToProto(RecordedPlay p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var play = new RecentPlay
        {
            PlayedAt = ProtoTime.From(p.PlayedAt),
            Track = p.Track,
            ChartId = p.ChartId is { } chart ? Ids.Format(chart) : "",
            Title = p.Title,
            ChartType = EnumMaps.ChartType.ToProto(p.ChartType),
            Difficulty = EnumMaps.Difficulty.ToProto(p.Difficulty),
            LevelX10 = p.Level?.Tenths ?? 0,
            AchievementX10000 = p.Achievement.TenThousandths,
            Rank = EnumMaps.ScoreRank.ToProto(p.Achievement.Rank),
            IsNewRecord = p.IsNewRecord,
            DxScore = p.DxScore,
            DxScoreMax = p.DxScoreMax ?? 0,
            DxStars = p.DxStars,
            ComboLamp = EnumMaps.ComboLamp.ToProto(p.ComboLamp),
            SyncLamp = EnumMaps.SyncLamp.ToProto(p.SyncLamp),
            Venue = p.Venue ?? "",
            Fast = p.Fast ?? 0,
            Late = p.Late ?? 0,
            MaxCombo = p.MaxCombo ?? 0,
            MaxComboTotal = p.MaxComboTotal ?? 0,
            MaxSync = p.MaxSync ?? 0,
            MaxSyncTotal = p.MaxSyncTotal ?? 0,
            RatingChange = p.RatingChange ?? 0,
            TapJudgements = ToProto(p.Tap),
            HoldJudgements = ToProto(p.Hold),
            SlideJudgements = ToProto(p.Slide),
            TouchJudgements = ToProto(p.Touch),
            BreakJudgements = ToProto(p.Break),
            DetailPending = p.DetailPending,
            UtageBuddy = p.IsBuddy,
        };
        if (p.MatchingRank is { } rank)
        {
            play.MatchingRank = rank;
        }

        return play;
    }

    public static ProtoRatingPoint ToProto(Core.Snapshots.RatingPoint p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var point = new ProtoRatingPoint
        {
            TakenAt = ProtoTime.From(p.TakenAt),
            SnapshotId = Ids.Format(p.SnapshotId),
            Rating = p.Rating,
            SiteRating = p.SiteRating,
        };
        if (p.Achievement is { } achievement)
        {
            point.AchievementX10000 = achievement.TenThousandths;
        }

        return point;
    }

    private static NoteJudgements? ToProto(PlayJudgementCounts? counts)
    {
        if (counts is null)
        {
            return null;
        }

        var judgements = new NoteJudgements();
        if (counts.CriticalPerfect is { } cp)
        {
            judgements.CriticalPerfect = cp;
        }

        if (counts.Perfect is { } perfect)
        {
            judgements.Perfect = perfect;
        }

        if (counts.Great is { } great)
        {
            judgements.Great = great;
        }

        if (counts.Good is { } good)
        {
            judgements.Good = good;
        }

        if (counts.Miss is { } miss)
        {
            judgements.Miss = miss;
        }

        return judgements;
    }
}
