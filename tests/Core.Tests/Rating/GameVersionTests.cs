using System.Text.Json;
using Maimai.Core.Game;
using Maimai.Core.Rating;
using Maimai.Testing;

namespace Maimai.Core.Tests.Rating;

public sealed class GameVersionTests
{
    [Theory]
    [InlineData(10000, "maimai")]
    [InlineData(11007, "maimai PLUS")]
    [InlineData(18023, "MURASAKi")]
    [InlineData(18500, "MURASAKi PLUS")]
    [InlineData(19514, "MiLK PLUS")]
    [InlineData(19900, "FiNALE")]
    [InlineData(19999, "FiNALE")]
    [InlineData(20000, "DX")]
    [InlineData(20514, "DX PLUS")]
    [InlineData(24000, "BUDDiES")]
    [InlineData(24513, "BUDDiES PLUS")]
    [InlineData(25518, "PRiSM PLUS")]
    [InlineData(26000, "CiRCLE")]
    [InlineData(26513, "CiRCLE PLUS")]
    public void Version_codes_map_to_versions(int code, string name)
    {
        Assert.True(GameVersion.TryFromVersionCode(code, out var version));
        Assert.Equal(name, version.Name);
    }

    [Fact]
    public void Previous_steps_back_one_version_and_each_plus_is_its_own()
    {
        Assert.Equal("PRiSM PLUS", GameVersion.Circle.Previous!.Name);
        Assert.Equal(GameVersion.Circle, GameVersion.CirclePlus.Previous);
        Assert.Equal("MiLK PLUS", GameVersion.Parse("FiNALE").Previous!.Name);
        Assert.Equal("FiNALE", GameVersion.Parse("DX").Previous!.Name);
        Assert.Null(GameVersion.All[0].Previous);
        Assert.Equal(27, GameVersion.All.Count);
    }

    [Fact]
    public void Names_parse_ignoring_case_and_unknown_names_are_refused()
    {
        Assert.Equal(GameVersion.CirclePlus, GameVersion.Parse(" circle plus "));
        var error = Assert.Throws<FormatException>(() => GameVersion.Parse("CiRCLE DELUXE"));
        Assert.Contains("CiRCLE PLUS", error.Message, StringComparison.Ordinal);
        Assert.False(GameVersion.TryParse(null, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9999)]
    [InlineData(100000)]
    [InlineData(-24000)]
    public void Codes_outside_five_digits_are_refused(int code)
    {
        Assert.False(GameVersion.TryFromVersionCode(code, out _));
    }

    [Fact]
    public void Regions_have_their_own_current_version()
    {
        var versions = new CurrentVersions(GameVersion.CirclePlus, GameVersion.Circle);
        Assert.Equal(GameVersion.CirclePlus, versions.For(Region.Jp));
        Assert.Equal(GameVersion.Circle, versions.For(Region.Intl));
        Assert.Equal(GameVersion.CirclePlus, CurrentVersions.Default.For(Region.Intl));
    }

    [SharedTheory]
    [InlineData("music-ex.json")]
    [InlineData("music-ex-intl.json")]
    public void Every_otoge_db_code_maps_and_every_version_has_songs(string file)
    {
        using var stream = File.OpenRead(SharedFolder.File("data", "otoge-db", file));
        using var document = JsonDocument.Parse(stream);
        var codes = document.RootElement.EnumerateArray()
            .Select(song => int.Parse(song.GetProperty("version").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            .Distinct()
            .ToList();

        var versions = new HashSet<GameVersion>();
        foreach (var code in codes)
        {
            Assert.True(GameVersion.TryFromVersionCode(code, out var version), $"code {code} is no version");
            versions.Add(version);
        }

        // Both lists hold songs of every version from maimai to CiRCLE PLUS, and nothing past the newest known one.
        Assert.Equal(GameVersion.All.ToHashSet(), versions);
        Assert.All(codes, code => Assert.True(code < GameVersion.Latest.FirstCode + 500, $"code {code} is past {GameVersion.Latest}"));
    }
}
