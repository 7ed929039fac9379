using Maimai.Core.Game;
using Maimai.Core.Plates;
using Maimai.Core.Songs;
using static Maimai.Core.Tests.Plates.PlateLibrary;

namespace Maimai.Core.Tests.Plates;

public sealed class PlateCheckTests
{
    [Fact]
    public void The_groups_span_every_version_from_maimai_to_CiRCLE_PLUS_and_only_mai_counts_ReMaster()
    {
        var spanned = GameVersion.All.Where(v => PlateGroup.All.Any(g => g.Name != "舞" && g.Spans(v))).Select(v => v.Name);
        Assert.Equal(GameVersion.All.Select(v => v.Name), spanned);
        Assert.Equal(["舞"], PlateGroup.All.Where(g => g.CountsReMaster).Select(g => g.Name));
        Assert.DoesNotContain(PlateKind.Sho, PlateGroup.All.Single(g => g.Name == "真").Kinds);
        // From DX on, one kanji per version, PLUS ones included (docs/plates.md).
        Assert.Equal(["熊", "華", "爽", "煌", "宙", "星", "祭", "祝", "双", "宴", "鏡", "彩", "丸", "廻"], PlateGroup.All.Where(g => g.IsDxEra).Select(g => g.Name));
        Assert.All(PlateGroup.All.Where(g => g.IsDxEra), g => Assert.Equal(g.First, g.Last));
        Assert.True(PlateGroup.TryFind(" 華 ", out var plus));
        Assert.Equal(("DX PLUS", "DX PLUS"), (plus.First.Name, plus.Last.Name));
        Assert.True(PlateGroup.TryFind("丸", out var circle));
        Assert.Equal("CiRCLE", circle.First.Name);
        Assert.False(PlateGroup.TryFind("熊・華", out _));
        Assert.False(PlateGroup.TryFind("CiRCLE", out _));
    }

    [Fact]
    public void From_DX_on_a_version_and_its_PLUS_count_apart_and_CiRCLE_songs_count_for_their_own_groups()
    {
        var library = Of(Standard(1, "Splash"), Standard(2, "Splash PLUS"), Standard(3, "PRiSM PLUS"), Standard(4, "CiRCLE"), Standard(5, "CiRCLE PLUS"));

        var progress = PlateCheck.For(library, Region.Jp, []).Where(p => p.Kind == PlateKind.Kiwami).ToDictionary(p => p.Name);

        Assert.Equal([10, 11, 12, 13], progress["爽極"].Missing.Select(c => c.ChartId).Order());
        Assert.Equal([20, 21, 22, 23], progress["煌極"].Missing.Select(c => c.ChartId).Order());
        Assert.Equal(0, progress["鏡極"].Total); // PRiSM PLUS songs are 彩's, not PRiSM's
        Assert.Equal([30, 31, 32, 33], progress["彩極"].Missing.Select(c => c.ChartId).Order());
        Assert.Equal([40, 41, 42, 43], progress["丸極"].Missing.Select(c => c.ChartId).Order());
        Assert.Equal([50, 51, 52, 53], progress["廻極"].Missing.Select(c => c.ChartId).Order());
    }

    [Fact]
    public void A_plate_counts_BASIC_to_MASTER_of_its_versions_songs_and_lists_the_charts_that_miss_it()
    {
        var library = Of(Standard(1, "GreeN", withReMaster: true), Standard(2, "GreeN"), Standard(3, "ORANGE"), Standard(4, "DX"), Standard(5, "DX PLUS"));
        var scores = new[]
        {
            Score(10, 1_005_000, ComboLamp.AllPerfectPlus, SyncLamp.FullSyncDxPlus), Score(11, 1_000_000, ComboLamp.FullCombo),
            Score(12, 990_000, ComboLamp.FullComboPlus), Score(13, 1_002_000, ComboLamp.AllPerfect, SyncLamp.FullSyncDx),
            Score(20, 1_000_000, ComboLamp.FullCombo), Score(21, 1_000_000, ComboLamp.FullCombo), Score(22, 1_000_000, ComboLamp.FullCombo),
            Score(40, 1_010_000, ComboLamp.AllPerfectPlus, SyncLamp.FullSyncDxPlus),
        };

        var progress = PlateCheck.For(library, Region.Jp, scores);

        var kiwami = progress.Single(p => p.Name == "超極");
        Assert.Equal((7, 8), (kiwami.Done, kiwami.Total)); // song 1's Re:MASTER (14) does not count; 23 is unplayed
        Assert.Equal([23], kiwami.Missing.Select(c => c.ChartId));
        Assert.False(kiwami.IsComplete);
        var sho = progress.Single(p => p.Name == "超将");
        Assert.Equal([12, 23], sho.Missing.OrderBy(c => c.ChartId).Select(c => c.ChartId));
        Assert.Equal(2, progress.Single(p => p.Name == "超神").Done);
        Assert.Equal(2, progress.Single(p => p.Name == "超舞舞").Done);

        // 熊 is DX's songs only: 4 charts, one of them AP+ FDX+; DX PLUS's are 華's.
        var bear = progress.Single(p => p.Name == "熊神");
        Assert.Equal((1, 4), (bear.Done, bear.Total));
        Assert.Equal(43, bear.Missing[0].ChartId); // hardest first: the MASTER (level 13.0) leads
        var flower = progress.Single(p => p.Name == "華神");
        Assert.Equal((0, 4), (flower.Done, flower.Total));
        Assert.Equal(53, flower.Missing[0].ChartId);
        // 舞 counts Re:MASTER too: songs 1 to 3 have 13 charts.
        Assert.Equal(13, progress.Single(p => p.Name == "舞極").Total);
        Assert.Equal(0, progress.Single(p => p.Name == "真極").Total);
        Assert.False(progress.Single(p => p.Name == "真極").IsComplete);
    }

    [Fact]
    public void Utage_songs_DX_charts_of_old_songs_and_other_regions_songs_are_not_counted()
    {
        var oldWithDx = Song(1, "Old", "PiNK", charts: [Chart(10, 1, ChartType.Std, Difficulty.Master), Chart(11, 1, ChartType.Dx, Difficulty.Master)]);
        var utage = Song(2, "[宴]Joke", "PiNK", utage: new UtageInfo("宴", null, false), charts: [Chart(20, 2, ChartType.Dx, Difficulty.Utage)]);
        var jpOnly = Song(3, "JP only", "PiNK", isIntl: false, charts: [Chart(30, 3, ChartType.Std, Difficulty.Master)]);
        var lateOnIntl = Song(4, "Late", "PiNK", intlVersion: GameVersion.Parse("Splash").FirstCode, charts: [Chart(40, 4, ChartType.Std, Difficulty.Master)]);
        var library = Of(oldWithDx, utage, jpOnly, lateOnIntl);

        var jp = PlateCheck.For(library, Region.Jp, []).Single(p => p.Name == "桃極");
        var intl = PlateCheck.For(library, Region.Intl, []);

        Assert.Equal([10, 30, 40], jp.Missing.Select(c => c.ChartId).Order());
        Assert.Equal([10], intl.Single(p => p.Name == "桃極").Missing.Select(c => c.ChartId));
        // On intl the late song joined in Splash, so it counts there, STD chart and all.
        Assert.Equal([40], intl.Single(p => p.Name == "爽極").Missing.Select(c => c.ChartId));
    }

    [Theory]
    [InlineData(PlateKind.Kiwami, 500_000, ComboLamp.FullCombo, SyncLamp.None, true)]
    [InlineData(PlateKind.Kiwami, 1_010_000, ComboLamp.None, SyncLamp.FullSyncDxPlus, false)]
    [InlineData(PlateKind.Sho, 999_999, ComboLamp.AllPerfectPlus, SyncLamp.FullSyncDxPlus, false)]
    [InlineData(PlateKind.Sho, 1_000_000, ComboLamp.None, SyncLamp.None, true)]
    [InlineData(PlateKind.Shin, 1_010_000, ComboLamp.FullComboPlus, SyncLamp.None, false)]
    [InlineData(PlateKind.Shin, 990_000, ComboLamp.AllPerfect, SyncLamp.None, true)]
    [InlineData(PlateKind.Maimai, 1_010_000, ComboLamp.AllPerfectPlus, SyncLamp.FullSyncPlus, false)]
    [InlineData(PlateKind.Maimai, 900_000, ComboLamp.None, SyncLamp.FullSyncDx, true)]
    public void Each_plate_asks_for_its_own_condition(PlateKind kind, int achievement, ComboLamp combo, SyncLamp sync, bool met)
    {
        Assert.Equal(met, kind.IsMetBy(new PlateScore(new Achievement(achievement), combo, sync)));
        Assert.False(kind.IsMetBy(null));
    }
}
