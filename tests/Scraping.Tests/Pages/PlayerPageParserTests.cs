using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

public sealed class PlayerPageParserTests
{
    [SharedFact]
    public void Reads_every_profile_field()
    {
        var profile = Parsed(PlayerPageParser.Parse(Fixtures.Html(Fixtures.Player), Region.Intl));

        Assert.Equal(
            new PlayerProfile(
                "ＭＩＮＴＹ", "でびゅー", "Normal", "https://maimaidx-eng.com/maimai-mobile/img/Icon/5e36d628037fba47.png",
                13394, RatingColor.Silver, ClassRank.S5, CourseRank.None, 221, 602, 602,
                new LampCounts(5562, 959, 566, 447, 298, 213, 137, 48, 132, 55, 1, 0, 698, 34, 34, 11, 0, 283, 41, 0, 0, 0)),
            profile);
    }

    [SharedFact]
    public void A_bare_icon_url_means_no_icon()
    {
        var html = Fixtures.Html(Fixtures.Player).Replace("img/Icon/5e36d628037fba47.png", "img/Icon/", StringComparison.Ordinal);

        Assert.Null(Parsed(PlayerPageParser.Parse(html, Region.Intl)).IconUrl);
    }

    [SharedFact]
    public void Japanese_play_count_labels_are_read_with_the_jp_region()
    {
        var html = JapaneseLabels.Apply(Fixtures.Html(Fixtures.Player))
            .Replace("play count of current version：602<br>maimaiDX total play count：602", "現バージョンプレイ回数：602回<br>『maimai でらっくす』累計プレイ回数：1,234回", StringComparison.Ordinal);

        var profile = Parsed(PlayerPageParser.Parse(html, Region.Jp));

        Assert.Equal((602, 1234), (profile.VersionPlayCount, profile.TotalPlayCount));
        Assert.Equal("ＭＩＮＴＹ", profile.PlayerName);

        // The labels tell the sites apart: reading one site's page as the other's fails instead of guessing.
        Unexpected(PlayerPageParser.Parse(html, Region.Intl), DxNetPageKind.PlayerData);
        Unexpected(PlayerPageParser.Parse(Fixtures.Html(Fixtures.Player), Region.Jp), DxNetPageKind.PlayerData);
    }

    [SharedTheory]
    [InlineData("course_rank_00T7GHJvGe.png", "course_rank_22abc.png", nameof(CourseRank.UraKaiden))]
    [InlineData("class_rank_s_10FODgtQo4.png", "class_rank_s_25xyz.png", nameof(ClassRank.Legend))]
    public void Ranks_come_from_the_image_name_prefix(string from, string to, string expected)
    {
        var profile = Parsed(PlayerPageParser.Parse(Fixtures.Html(Fixtures.Player).Replace(from, to, StringComparison.Ordinal), Region.Intl));

        Assert.Contains(expected, new[] { profile.CourseRank.ToString(), profile.ClassRank.ToString() });
    }

    [SharedTheory]
    [InlineData("course_rank_00T7GHJvGe.png", "course_rank_99x.png")]
    [InlineData("rating_base_silver.png", "rating_base_mystery.png")]
    [InlineData("<div class=\"rating_block\">13394</div>", "<div class=\"rating_block\">13,3a4</div>")]
    [InlineData("48/5,562", "48/5,563")]
    [InlineData("×221", "×")]
    public void An_unknown_or_broken_field_fails_the_page(string from, string to)
    {
        var html = Fixtures.Html(Fixtures.Player);
        Assert.Contains(from, html, StringComparison.Ordinal);

        Unexpected(PlayerPageParser.Parse(html.Replace(from, to, StringComparison.Ordinal), Region.Intl), DxNetPageKind.PlayerData);
    }
}
