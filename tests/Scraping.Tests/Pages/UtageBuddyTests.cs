using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

/// <summary>
/// Whether a play was on an utage Buddy chart: the record entry's utage badge holds music_utage_buddy.png beside
/// music_utage.png (the shape other DX NET scrapers document); playlogDetail repeats the entry's heading.
/// </summary>
public sealed class UtageBuddyTests
{
    private static string VariantsHtml() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Pages", "Variants", "record_variants.html"));

    [Fact]
    public void Only_the_entry_whose_badge_shows_the_buddy_icon_is_buddy()
    {
        var entries = Parsed(RecordPageParser.Parse(VariantsHtml(), Region.Intl)).Entries;

        Assert.True(entries[0].IsBuddy, "the 協 entry with music_utage_buddy.png");
        Assert.False(entries[1].IsBuddy, "the plain 光 utage entry");
        Assert.Equal([entries[0]], entries.Where(e => e.IsBuddy));
    }

    [Fact]
    public void Without_the_buddy_icon_the_same_entry_is_not_buddy()
    {
        // The same page with the Buddy icon swapped for the plain utage one: the icon, not the kanji or the level, decides.
        var html = VariantsHtml();
        var badge = html.IndexOf("music_utage_buddy.png", StringComparison.Ordinal);
        Assert.True(badge > 0);
        var withoutBadge = html.Remove(badge, "music_utage_buddy.png".Length).Insert(badge, "music_utage.png");

        var entries = Parsed(RecordPageParser.Parse(withoutBadge, Region.Intl)).Entries;

        Assert.DoesNotContain(entries, e => e.IsBuddy);
        Assert.Equal(Difficulty.Utage, entries[0].Difficulty);
    }

    [Fact]
    public void A_playlog_detail_of_a_buddy_play_is_buddy()
    {
        var detail = Parsed(PlaylogDetailPageParser.Parse(PlaylogDetailPages.FromRecordPage(VariantsHtml()), Region.Intl));

        Assert.Equal(("ふたりでバディ", true), (detail.Record.Title, detail.Record.IsBuddy));
    }

    [SharedFact]
    public void No_play_of_the_real_record_page_is_buddy()
    {
        // The saved page holds no utage play at all.
        var html = Fixtures.Html(Fixtures.Record);
        var entries = Parsed(RecordPageParser.Parse(html, Region.Intl)).Entries;

        Assert.Equal(0, Fixtures.Occurrences(html, "music_utage_buddy.png"));
        Assert.Equal(50, entries.Count);
        Assert.DoesNotContain(entries, e => e.IsBuddy);
    }
}
