using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

/// <summary>
/// The variants real pages have and our saved pages lack, in the shapes other DX NET scrapers document: utage and
/// Utage Buddy badges, text scrolled by jquery.marquee, a leading &amp;nbsp; in an achievement, an image URL with no
/// file name. Each reads to the right value or is kept as a warning; none is guessed. Pages/Variants holds the
/// hand-made record page; the others are real pages edited at test time (nothing of ../shared is committed).
/// </summary>
public sealed class RealVariantTests
{
    private const string Site = "https://maimaidx-eng.com/maimai-mobile/";
    private const string LongTitle = "Ｔｈｅ　ｌｏｎｇｅｓｔ　ｔｉｔｌｅ　ｔｈｅ　ｓｉｔｅ　ｈａｓ　ｅｖｅｒ　ｓｃｒｏｌｌｅｄ";

    private static RecordPage Variants() =>
        Parsed(RecordPageParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Pages", "Variants", "record_variants.html")), Region.Intl));

    [Fact]
    public void An_utage_buddy_play_reads_from_its_badge()
    {
        var buddy = Variants().Entries[0];

        Assert.Equal((Difficulty.Utage, ChartType.Dx, "ふたりでバディ", 4), (buddy.Difficulty, buddy.Type, buddy.Title, buddy.Track));
        Assert.Equal(new Achievement(1_008_123), buddy.Achievement);
        Assert.Equal((3012, 3210), (buddy.DxScore, buddy.MaxDxScore));
        Assert.Equal("0,1771070820", buddy.Idx!.Raw);
        Assert.True(Level.TryParseDisplayed("13", out var level));
        Assert.Equal(level, buddy.Level);
    }

    [Fact]
    public void A_plain_utage_play_reads_from_its_badge_with_a_plus_level()
    {
        var utage = Variants().Entries[1];

        Assert.Equal((Difficulty.Utage, ChartType.Dx, "ひかりの宴"), (utage.Difficulty, utage.Type, utage.Title));
        Assert.True(Level.TryParseDisplayed("12+", out var level));
        Assert.Equal(level, utage.Level);
    }

    [Fact]
    public void A_title_the_site_scrolls_is_read_once_not_twice()
    {
        Assert.Equal(LongTitle, Variants().Entries[2].Title);
    }

    [Fact]
    public void A_leading_nbsp_in_the_achievement_and_a_jacket_url_without_a_file_are_read_without_guessing()
    {
        var entry = Variants().Entries[3];

        Assert.Equal(new Achievement(995_000), entry.Achievement);
        Assert.Equal(ScoreRank.SSPlus, entry.Rank);
        Assert.Null(entry.JacketUrl);
        Assert.Equal("ノーブレークスペース", entry.Title);
    }

    [Fact]
    public void An_utage_badge_nobody_knows_is_kept_as_a_warning_not_read_as_a_chart_type()
    {
        var page = Variants();

        Assert.Equal(4, page.Entries.Count);
        var warning = Assert.Single(page.Warnings);
        Assert.Equal("no STD/DX kind icon", warning.Reason);
        Assert.Contains("music_utage_party.png", warning.Fragment, StringComparison.Ordinal);
        Assert.DoesNotContain(page.Entries, e => e.Title == "まだ知らない宴");
    }

    [SharedFact]
    public void Utage_and_utage_buddy_score_rows_read_from_their_badges()
    {
        // The first two rows of the real Re:MASTER list turned into utage rows as the site lists them (diff=10).
        var html = Fixtures.Html(Fixtures.ReMaster);
        html = UtageRow(html, 0, buddy: true, "13?");
        html = UtageRow(html, 1, buddy: false, "12+?");

        var page = Parsed(ScoreListPageParser.Parse(html, Region.Intl));

        Assert.Empty(page.Warnings);
        var utage = page.Rows.Where(r => r.Difficulty == Difficulty.Utage).ToList();
        Assert.Equal(2, utage.Count);
        Assert.All(utage, r => Assert.Equal(ChartType.Dx, r.Type));
        Assert.True(Level.TryParseDisplayed("13", out var thirteen));
        Assert.Equal(thirteen, utage[0].Level);
        Assert.Equal(Parsed(ScoreListPageParser.Parse(Fixtures.Html(Fixtures.ReMaster), Region.Intl)).Rows[0].Achievement, utage[0].Achievement);
    }

    [SharedFact]
    public void A_song_title_the_site_scrolls_on_a_score_list_is_read_once()
    {
        var html = Fixtures.Html(Fixtures.ReMaster);
        const string name = "<div class=\"music_name_block t_l f_13 break\">ビビデバ</div>";
        Assert.Contains(name, html, StringComparison.Ordinal);
        html = html.Replace(name, $"<div class=\"music_name_block t_l f_13 break\">{Marquee(LongTitle)}</div>", StringComparison.Ordinal);

        var page = Parsed(ScoreListPageParser.Parse(html, Region.Intl));

        Assert.Single(page.Rows, r => r.Title == LongTitle);
        Assert.DoesNotContain(page.Rows, r => r.Title.Contains(LongTitle + LongTitle, StringComparison.Ordinal));
    }

    [SharedFact]
    public void A_trophy_the_site_scrolls_is_read_once()
    {
        var html = Fixtures.Html(Fixtures.Player);
        const string trophy = "<span>でびゅー</span>";
        Assert.Contains(trophy, html, StringComparison.Ordinal);

        var profile = Parsed(PlayerPageParser.Parse(html.Replace(trophy, $"<span>{Marquee(LongTitle)}</span>", StringComparison.Ordinal), Region.Intl));

        Assert.Equal(LongTitle, profile.Title);
        Assert.Equal("Normal", profile.TrophyColor);
    }

    [SharedFact]
    public void A_player_icon_url_without_a_file_name_is_no_icon()
    {
        var html = Fixtures.Html(Fixtures.Player);
        var at = html.IndexOf("img/Icon/", StringComparison.Ordinal);
        var end = html.IndexOf('"', at);

        var profile = Parsed(PlayerPageParser.Parse(string.Concat(html.AsSpan(0, at + "img/Icon/".Length), html.AsSpan(end)), Region.Intl));

        Assert.Null(profile.IconUrl);
    }

    [Fact]
    public void An_utage_buddy_play_detail_reads_from_its_badge()
    {
        var html = PlaylogDetailPages.Tiny()
            .Replace("img/diff_expert.png", "img/diff_utage.png", StringComparison.Ordinal)
            .Replace("playlog_expert_container", "playlog_utage_container", StringComparison.Ordinal)
            .Replace("playlog_level_icon\">10<", "playlog_level_icon\">13?<", StringComparison.Ordinal)
            .Replace($"<img src=\"{Site}img/music_dx.png\" class=\"playlog_music_kind_icon\"/>", BuddyBadge("playlog_"), StringComparison.Ordinal);

        var play = Parsed(PlaylogDetailPageParser.Parse(html, Region.Intl));

        Assert.Equal((Difficulty.Utage, ChartType.Dx, "サイエンス"), (play.Record.Difficulty, play.Record.Type, play.Record.Title));
        Assert.Equal(Parsed(PlaylogDetailPageParser.Parse(PlaylogDetailPages.Tiny(), Region.Intl)).Judgements, play.Judgements);
    }

    [Fact]
    public void The_variants_read_the_same_on_the_japanese_site()
    {
        var html = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Pages", "Variants", "record_variants.html"));
        var jp = JapaneseLabels.Apply(html).Replace("－Game Record－", "－プレイ履歴－", StringComparison.Ordinal);
        Assert.Contains("https://maimaidx.jp/", jp, StringComparison.Ordinal);

        var page = Parsed(RecordPageParser.Parse(jp, Region.Jp));

        var intl = Variants();
        Assert.Equal(intl.Entries.Select(e => e with { JacketUrl = null }), page.Entries.Select(e => e with { JacketUrl = null }));
        Assert.Equal(intl.Warnings.Select(w => w.Reason), page.Warnings.Select(w => w.Reason));
    }

    private static string Marquee(string text) =>
        $"<div class=\"js-marquee-wrapper\" style=\"width: 2000px;\"><div class=\"js-marquee\" style=\"float: left;\">{text}</div><div class=\"js-marquee\" style=\"float: left;\">{text}</div></div>";

    private static string BuddyBadge(string prefix, bool buddy = true) =>
        $"<div class=\"{prefix}music_kind_icon_utage\"><img src=\"{Site}img/music_utage.png\" class=\"h_25\"/>"
        + (buddy ? $"<img src=\"{Site}img/music_utage_buddy.png\" class=\"h_25\"/>" : "")
        + $"<div class=\"{prefix}music_kind_icon_utage_text f_10 white t_c\">{(buddy ? "協" : "光")}</div></div>";

    // Turns the n-th Re:MASTER row into an utage row: its class, difficulty image, level and kind badge.
    private static string UtageRow(string html, int n, bool buddy, string level)
    {
        const string rowStart = "<div class=\"music_remaster_score_back pointer p_3\">";
        var at = html.IndexOf(rowStart, StringComparison.Ordinal);
        for (var i = 0; i < n; i++)
        {
            at = html.IndexOf(rowStart, at + 1, StringComparison.Ordinal);
        }

        var kindStart = html.IndexOf("<img src=\"" + Site + "img/music_", html.IndexOf("</form>", at, StringComparison.Ordinal), StringComparison.Ordinal);
        var kindEnd = html.IndexOf("/>", kindStart, StringComparison.Ordinal) + 2;
        var row = html[at..kindStart]
            .Replace("music_remaster_score_back", "music_utage_score_back", StringComparison.Ordinal)
            .Replace("img/diff_remaster.png", "img/diff_utage.png", StringComparison.Ordinal);
        var levelAt = row.IndexOf("music_lv_block", StringComparison.Ordinal);
        var levelStart = row.IndexOf('>', levelAt) + 1;
        row = string.Concat(row.AsSpan(0, levelStart), level, row.AsSpan(row.IndexOf('<', levelStart)));
        return string.Concat(html.AsSpan(0, at), row, BuddyBadge("", buddy), html.AsSpan(kindEnd));
    }
}
