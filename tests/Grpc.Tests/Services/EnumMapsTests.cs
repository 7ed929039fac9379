using Maimai.Grpc.Services.V1;

namespace Maimai.Grpc.Tests.Services;

/// <summary>Each enum table is one-to-one over every Core value and every proto value but UNSPECIFIED.</summary>
public sealed class EnumMapsTests
{
    [Fact]
    public void Every_table_covers_both_enums_one_to_one()
    {
        Check(EnumMaps.Region);
        Check(EnumMaps.Difficulty);
        Check(EnumMaps.ChartType);
        Check(EnumMaps.ComboLamp);
        Check(EnumMaps.SyncLamp);
        Check(EnumMaps.ScoreRank);
        Check(EnumMaps.ClassRank);
        Check(EnumMaps.CourseRank);
        Check(EnumMaps.FetchState);
        Check(EnumMaps.FetchStage);
        Check(EnumMaps.FetchErrorCode, skipCore: Core.Fetching.FetchErrorCode.None);
    }

    [Fact]
    public void Lamps_and_ranks_keep_their_order()
    {
        // Both sides are ascending; a swapped pair would still be one-to-one, so check the order too.
        AssertAscending(EnumMaps.ComboLamp);
        AssertAscending(EnumMaps.SyncLamp);
        AssertAscending(EnumMaps.ScoreRank);
        AssertAscending(EnumMaps.ClassRank);
        AssertAscending(EnumMaps.CourseRank);
        AssertAscending(EnumMaps.Difficulty);
    }

    [Fact]
    public void Unspecified_and_unknown_numbers_do_not_map()
    {
        Assert.False(EnumMaps.Region.TryToCore(Maimai.Grpc.Contracts.V1.Region.Unspecified, out _));
        Assert.False(EnumMaps.Region.TryToCore((Maimai.Grpc.Contracts.V1.Region)9, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnumMaps.Region.ToProto((Core.Game.Region)9));
    }

    [Theory]
    [InlineData("Gold", null, Maimai.Grpc.Contracts.V1.RatingColor.Gold)]
    [InlineData("orange", null, Maimai.Grpc.Contracts.V1.RatingColor.Yellow)]
    [InlineData("Normal", null, Maimai.Grpc.Contracts.V1.RatingColor.White)]
    [InlineData(null, 14_999, Maimai.Grpc.Contracts.V1.RatingColor.Platinum)]
    [InlineData(null, 15_000, Maimai.Grpc.Contracts.V1.RatingColor.Rainbow)]
    [InlineData("???", 999, Maimai.Grpc.Contracts.V1.RatingColor.White)]
    [InlineData(null, null, Maimai.Grpc.Contracts.V1.RatingColor.Unspecified)]
    public void Rating_colour_from_the_page_or_the_rating(string? name, int? rating, Maimai.Grpc.Contracts.V1.RatingColor expected) =>
        Assert.Equal(expected, EnumMaps.RatingColor(name, rating));

    private static void Check<TCore, TProto>(EnumTable<TCore, TProto> table, TCore? skipCore = null)
        where TCore : struct, Enum
        where TProto : struct, Enum
    {
        var core = Enum.GetValues<TCore>().Where(v => !v.Equals(skipCore)).ToList();
        var proto = Enum.GetValues<TProto>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0).ToList();
        Assert.Equal(core.Count, proto.Count);
        foreach (var value in core)
        {
            Assert.True(table.TryToCore(table.ToProto(value), out var back));
            Assert.Equal(value, back);
        }

        Assert.Equal(proto.Order(), core.Select(table.ToProto).Order());
    }

    private static void AssertAscending<TCore, TProto>(EnumTable<TCore, TProto> table)
        where TCore : struct, Enum
        where TProto : struct, Enum
    {
        var ordered = Enum.GetValues<TCore>().Order().Select(table.ToProto).ToList();
        Assert.Equal(ordered.Order(), ordered);
    }
}
