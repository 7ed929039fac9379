using Maimai.Core.Plates;
using Maimai.Grpc.Contracts.V1;
using ProtoPlateChart = Maimai.Grpc.Contracts.V1.PlateChart;

namespace Maimai.Grpc.Services.V1;

/// <summary>Maps Core's plate progress onto GetPlateProgress's messages.</summary>
public static class PlateMapping
{
    /// <summary>One plate with one page of its missing charts.</summary>
    public static Plate ToProto(PlateProgress plate, IEnumerable<Core.Plates.PlateChart> missing, string nextPageToken)
    {
        ArgumentNullException.ThrowIfNull(plate);
        ArgumentNullException.ThrowIfNull(missing);
        var proto = new Plate
        {
            Name = plate.Name,
            VersionGroup = plate.Group.Name,
            Kind = EnumMaps.PlateKind.ToProto(plate.Kind),
            Done = plate.Done,
            Total = plate.Total,
            NextPageToken = nextPageToken,
        };
        proto.Versions.AddRange(Core.Game.GameVersion.All.Where(plate.Group.Spans).Select(v => v.Name));
        proto.Missing.AddRange(missing.Select(ToProto));
        return proto;
    }

    private static ProtoPlateChart ToProto(Core.Plates.PlateChart chart)
    {
        var proto = new ProtoPlateChart
        {
            ChartId = Ids.Format(chart.ChartId),
            SongId = Ids.Format(chart.SongId),
            Title = chart.Title,
            ChartType = EnumMaps.ChartType.ToProto(chart.Type),
            Difficulty = EnumMaps.Difficulty.ToProto(chart.Difficulty),
            LevelX10 = chart.Level.Tenths,
            Played = chart.Score is not null,
        };
        if (chart.Score is { } score)
        {
            proto.AchievementX10000 = score.Achievement.TenThousandths;
            proto.ComboLamp = EnumMaps.ComboLamp.ToProto(score.ComboLamp);
            proto.SyncLamp = EnumMaps.SyncLamp.ToProto(score.SyncLamp);
        }

        return proto;
    }
}
