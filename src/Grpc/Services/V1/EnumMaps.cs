using CoreAutoRefreshOutcome = Maimai.Core.Fetching.AutoRefreshOutcome;
using CoreChartType = Maimai.Core.Game.ChartType;
using CoreClassRank = Maimai.Core.Game.ClassRank;
using CoreComboLamp = Maimai.Core.Game.ComboLamp;
using CoreCourseRank = Maimai.Core.Game.CourseRank;
using CoreDifficulty = Maimai.Core.Game.Difficulty;
using CoreFetchErrorCode = Maimai.Core.Fetching.FetchErrorCode;
using CoreFetchStage = Maimai.Core.Fetching.FetchStage;
using CoreFetchPhase = Maimai.Core.Fetching.FetchPhase;
using CoreFetchState = Maimai.Core.Fetching.FetchState;
using CorePlayCountSource = Maimai.Core.Snapshots.PlayCountSource;
using CoreRegion = Maimai.Core.Game.Region;
using CoreScoreRank = Maimai.Core.Game.ScoreRank;
using CoreSyncLamp = Maimai.Core.Game.SyncLamp;
using ProtoAutoRefreshOutcome = Maimai.Grpc.Contracts.V1.AutoRefreshOutcome;
using ProtoChartType = Maimai.Grpc.Contracts.V1.ChartType;
using ProtoClassRank = Maimai.Grpc.Contracts.V1.ClassRank;
using ProtoComboLamp = Maimai.Grpc.Contracts.V1.ComboLamp;
using ProtoCourseRank = Maimai.Grpc.Contracts.V1.CourseRank;
using ProtoDifficulty = Maimai.Grpc.Contracts.V1.Difficulty;
using ProtoFetchErrorCode = Maimai.Grpc.Contracts.V1.FetchErrorCode;
using ProtoFetchStage = Maimai.Grpc.Contracts.V1.FetchStage;
using ProtoFetchPhase = Maimai.Grpc.Contracts.V1.FetchPhase;
using ProtoFetchState = Maimai.Grpc.Contracts.V1.FetchState;
using ProtoPlayCountSource = Maimai.Grpc.Contracts.V1.PlayCountSource;
using ProtoRatingColor = Maimai.Grpc.Contracts.V1.RatingColor;
using ProtoRegion = Maimai.Grpc.Contracts.V1.Region;
using ProtoScoreRank = Maimai.Grpc.Contracts.V1.ScoreRank;
using ProtoSyncLamp = Maimai.Grpc.Contracts.V1.SyncLamp;
using ProtoTrophyColor = Maimai.Grpc.Contracts.V1.TrophyColor;

namespace Maimai.Grpc.Services.V1;

/// <summary>
/// Every Core ↔ proto enum mapping. Core and the contract share the names but not the numbers (proto enums start at
/// UNSPECIFIED = 0), so each pair is written out rather than cast.
/// </summary>
public static class EnumMaps
{
    public static EnumTable<Core.Plates.PlateKind, Contracts.V1.PlateKind> PlateKind { get; } = new(
        (Core.Plates.PlateKind.Kiwami, Contracts.V1.PlateKind.Kiwami), (Core.Plates.PlateKind.Sho, Contracts.V1.PlateKind.Sho),
        (Core.Plates.PlateKind.Shin, Contracts.V1.PlateKind.Shin), (Core.Plates.PlateKind.Maimai, Contracts.V1.PlateKind.Maimai));

    public static EnumTable<CoreRegion, ProtoRegion> Region { get; } = new(
        (CoreRegion.Intl, ProtoRegion.Intl), (CoreRegion.Jp, ProtoRegion.Jp));

    public static EnumTable<CoreDifficulty, ProtoDifficulty> Difficulty { get; } = new(
        (CoreDifficulty.Basic, ProtoDifficulty.Basic), (CoreDifficulty.Advanced, ProtoDifficulty.Advanced),
        (CoreDifficulty.Expert, ProtoDifficulty.Expert), (CoreDifficulty.Master, ProtoDifficulty.Master),
        (CoreDifficulty.ReMaster, ProtoDifficulty.ReMaster), (CoreDifficulty.Utage, ProtoDifficulty.Utage));

    public static EnumTable<CoreChartType, ProtoChartType> ChartType { get; } = new(
        (CoreChartType.Std, ProtoChartType.Std), (CoreChartType.Dx, ProtoChartType.Dx));

    public static EnumTable<CoreComboLamp, ProtoComboLamp> ComboLamp { get; } = new(
        (CoreComboLamp.None, ProtoComboLamp.None), (CoreComboLamp.FullCombo, ProtoComboLamp.Fc),
        (CoreComboLamp.FullComboPlus, ProtoComboLamp.FcPlus), (CoreComboLamp.AllPerfect, ProtoComboLamp.Ap),
        (CoreComboLamp.AllPerfectPlus, ProtoComboLamp.ApPlus));

    public static EnumTable<CoreSyncLamp, ProtoSyncLamp> SyncLamp { get; } = new(
        (CoreSyncLamp.None, ProtoSyncLamp.None), (CoreSyncLamp.SyncPlay, ProtoSyncLamp.SyncPlay),
        (CoreSyncLamp.FullSync, ProtoSyncLamp.Fs), (CoreSyncLamp.FullSyncPlus, ProtoSyncLamp.FsPlus),
        (CoreSyncLamp.FullSyncDx, ProtoSyncLamp.Fdx), (CoreSyncLamp.FullSyncDxPlus, ProtoSyncLamp.FdxPlus));

    public static EnumTable<CorePlayCountSource, ProtoPlayCountSource> PlayCountSource { get; } = new(
        (CorePlayCountSource.RecentPlays, ProtoPlayCountSource.RecentPlays), (CorePlayCountSource.PlayCounts, ProtoPlayCountSource.PlayCounts),
        (CorePlayCountSource.Both, ProtoPlayCountSource.Both));

    public static EnumTable<CoreScoreRank, ProtoScoreRank> ScoreRank { get; } = new(
        (CoreScoreRank.D, ProtoScoreRank.D), (CoreScoreRank.C, ProtoScoreRank.C), (CoreScoreRank.B, ProtoScoreRank.B),
        (CoreScoreRank.BB, ProtoScoreRank.Bb), (CoreScoreRank.BBB, ProtoScoreRank.Bbb), (CoreScoreRank.A, ProtoScoreRank.A),
        (CoreScoreRank.AA, ProtoScoreRank.Aa), (CoreScoreRank.AAA, ProtoScoreRank.Aaa), (CoreScoreRank.S, ProtoScoreRank.S),
        (CoreScoreRank.SPlus, ProtoScoreRank.SPlus), (CoreScoreRank.SS, ProtoScoreRank.Ss), (CoreScoreRank.SSPlus, ProtoScoreRank.SsPlus),
        (CoreScoreRank.SSS, ProtoScoreRank.Sss), (CoreScoreRank.SSSPlus, ProtoScoreRank.SssPlus));

    public static EnumTable<CoreClassRank, ProtoClassRank> ClassRank { get; } = new(
        (CoreClassRank.B5, ProtoClassRank.B5), (CoreClassRank.B4, ProtoClassRank.B4), (CoreClassRank.B3, ProtoClassRank.B3),
        (CoreClassRank.B2, ProtoClassRank.B2), (CoreClassRank.B1, ProtoClassRank.B1),
        (CoreClassRank.A5, ProtoClassRank.A5), (CoreClassRank.A4, ProtoClassRank.A4), (CoreClassRank.A3, ProtoClassRank.A3),
        (CoreClassRank.A2, ProtoClassRank.A2), (CoreClassRank.A1, ProtoClassRank.A1),
        (CoreClassRank.S5, ProtoClassRank.S5), (CoreClassRank.S4, ProtoClassRank.S4), (CoreClassRank.S3, ProtoClassRank.S3),
        (CoreClassRank.S2, ProtoClassRank.S2), (CoreClassRank.S1, ProtoClassRank.S1),
        (CoreClassRank.SS5, ProtoClassRank.Ss5), (CoreClassRank.SS4, ProtoClassRank.Ss4), (CoreClassRank.SS3, ProtoClassRank.Ss3),
        (CoreClassRank.SS2, ProtoClassRank.Ss2), (CoreClassRank.SS1, ProtoClassRank.Ss1),
        (CoreClassRank.SSS5, ProtoClassRank.Sss5), (CoreClassRank.SSS4, ProtoClassRank.Sss4), (CoreClassRank.SSS3, ProtoClassRank.Sss3),
        (CoreClassRank.SSS2, ProtoClassRank.Sss2), (CoreClassRank.SSS1, ProtoClassRank.Sss1),
        (CoreClassRank.Legend, ProtoClassRank.Legend));

    public static EnumTable<CoreCourseRank, ProtoCourseRank> CourseRank { get; } = new(
        (CoreCourseRank.None, ProtoCourseRank.None),
        (CoreCourseRank.Dan1, ProtoCourseRank.Dan1), (CoreCourseRank.Dan2, ProtoCourseRank.Dan2), (CoreCourseRank.Dan3, ProtoCourseRank.Dan3),
        (CoreCourseRank.Dan4, ProtoCourseRank.Dan4), (CoreCourseRank.Dan5, ProtoCourseRank.Dan5), (CoreCourseRank.Dan6, ProtoCourseRank.Dan6),
        (CoreCourseRank.Dan7, ProtoCourseRank.Dan7), (CoreCourseRank.Dan8, ProtoCourseRank.Dan8), (CoreCourseRank.Dan9, ProtoCourseRank.Dan9),
        (CoreCourseRank.Dan10, ProtoCourseRank.Dan10),
        (CoreCourseRank.ShinDan1, ProtoCourseRank.ShinDan1), (CoreCourseRank.ShinDan2, ProtoCourseRank.ShinDan2),
        (CoreCourseRank.ShinDan3, ProtoCourseRank.ShinDan3), (CoreCourseRank.ShinDan4, ProtoCourseRank.ShinDan4),
        (CoreCourseRank.ShinDan5, ProtoCourseRank.ShinDan5), (CoreCourseRank.ShinDan6, ProtoCourseRank.ShinDan6),
        (CoreCourseRank.ShinDan7, ProtoCourseRank.ShinDan7), (CoreCourseRank.ShinDan8, ProtoCourseRank.ShinDan8),
        (CoreCourseRank.ShinDan9, ProtoCourseRank.ShinDan9), (CoreCourseRank.ShinDan10, ProtoCourseRank.ShinDan10),
        (CoreCourseRank.ShinKaiden, ProtoCourseRank.ShinKaiden), (CoreCourseRank.UraKaiden, ProtoCourseRank.UraKaiden));

    public static EnumTable<CoreAutoRefreshOutcome, ProtoAutoRefreshOutcome> AutoRefreshOutcome { get; } = new(
        (CoreAutoRefreshOutcome.Unchanged, ProtoAutoRefreshOutcome.Unchanged), (CoreAutoRefreshOutcome.FetchStarted, ProtoAutoRefreshOutcome.FetchStarted),
        (CoreAutoRefreshOutcome.FetchBusy, ProtoAutoRefreshOutcome.FetchBusy), (CoreAutoRefreshOutcome.Maintenance, ProtoAutoRefreshOutcome.Maintenance),
        (CoreAutoRefreshOutcome.SiteError, ProtoAutoRefreshOutcome.SiteError), (CoreAutoRefreshOutcome.TokenExpired, ProtoAutoRefreshOutcome.TokenExpired),
        (CoreAutoRefreshOutcome.Skipped, ProtoAutoRefreshOutcome.Skipped));

    public static EnumTable<CoreFetchPhase, ProtoFetchPhase> FetchPhase { get; } = new(
        (CoreFetchPhase.Snapshot, ProtoFetchPhase.Snapshot), (CoreFetchPhase.Detail, ProtoFetchPhase.Detail), (CoreFetchPhase.Done, ProtoFetchPhase.Done));

    public static EnumTable<CoreFetchState, ProtoFetchState> FetchState { get; } = new(
        (CoreFetchState.Pending, ProtoFetchState.Pending), (CoreFetchState.Running, ProtoFetchState.Running),
        (CoreFetchState.Completed, ProtoFetchState.Completed), (CoreFetchState.Failed, ProtoFetchState.Failed));

    public static EnumTable<CoreFetchStage, ProtoFetchStage> FetchStage { get; } = new(
        (CoreFetchStage.Login, ProtoFetchStage.Login), (CoreFetchStage.PlayerData, ProtoFetchStage.PlayerData),
        (CoreFetchStage.Scores, ProtoFetchStage.Scores), (CoreFetchStage.Record, ProtoFetchStage.Record),
        (CoreFetchStage.PlayDetails, ProtoFetchStage.PlayDetails), (CoreFetchStage.MusicDetails, ProtoFetchStage.MusicDetails),
        (CoreFetchStage.Saving, ProtoFetchStage.Saving), (CoreFetchStage.Done, ProtoFetchStage.Done));

    /// <summary>Failure codes; Core's None is "not failed", which the contract spells UNSPECIFIED.</summary>
    public static EnumTable<CoreFetchErrorCode, ProtoFetchErrorCode> FetchErrorCode { get; } = new(
        (CoreFetchErrorCode.Maintenance, ProtoFetchErrorCode.Maintenance), (CoreFetchErrorCode.TokenExpired, ProtoFetchErrorCode.TokenExpired),
        (CoreFetchErrorCode.SiteError, ProtoFetchErrorCode.SiteError), (CoreFetchErrorCode.UnexpectedPage, ProtoFetchErrorCode.UnexpectedPage),
        (CoreFetchErrorCode.Network, ProtoFetchErrorCode.Network), (CoreFetchErrorCode.Internal, ProtoFetchErrorCode.Internal),
        (CoreFetchErrorCode.NodeLost, ProtoFetchErrorCode.NodeLost));

    /// <summary>DX NET's trophy class names (trophy_Gold...), case-insensitively; unknown names are UNSPECIFIED.</summary>
    public static ProtoTrophyColor TrophyColor(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "NORMAL" => ProtoTrophyColor.Normal,
        "BRONZE" => ProtoTrophyColor.Bronze,
        "SILVER" => ProtoTrophyColor.Silver,
        "GOLD" => ProtoTrophyColor.Gold,
        "RAINBOW" => ProtoTrophyColor.Rainbow,
        _ => ProtoTrophyColor.Unspecified,
    };

    /// <summary>
    /// The plate colour DX NET showed (its rating_base_* names: normal is white, orange is yellow); when the page
    /// did not say, the colour the rating earns.
    /// </summary>
    public static ProtoRatingColor RatingColor(string? name, int? rating) => name?.Trim().ToUpperInvariant() switch
    {
        "NORMAL" or "WHITE" => ProtoRatingColor.White,
        "BLUE" => ProtoRatingColor.Blue,
        "GREEN" => ProtoRatingColor.Green,
        "ORANGE" or "YELLOW" => ProtoRatingColor.Yellow,
        "RED" => ProtoRatingColor.Red,
        "PURPLE" => ProtoRatingColor.Purple,
        "BRONZE" => ProtoRatingColor.Bronze,
        "SILVER" => ProtoRatingColor.Silver,
        "GOLD" => ProtoRatingColor.Gold,
        "PLATINUM" => ProtoRatingColor.Platinum,
        "RAINBOW" => ProtoRatingColor.Rainbow,
        _ => rating is { } r ? RatingColorFor(r) : ProtoRatingColor.Unspecified,
    };

    /// <summary>The plate a rating earns (common.proto's thresholds).</summary>
    public static ProtoRatingColor RatingColorFor(int rating) => rating switch
    {
        >= 15000 => ProtoRatingColor.Rainbow,
        >= 14500 => ProtoRatingColor.Platinum,
        >= 14000 => ProtoRatingColor.Gold,
        >= 13000 => ProtoRatingColor.Silver,
        >= 12000 => ProtoRatingColor.Bronze,
        >= 10000 => ProtoRatingColor.Purple,
        >= 7000 => ProtoRatingColor.Red,
        >= 4000 => ProtoRatingColor.Yellow,
        >= 2000 => ProtoRatingColor.Green,
        >= 1000 => ProtoRatingColor.Blue,
        _ => ProtoRatingColor.White,
    };
}
