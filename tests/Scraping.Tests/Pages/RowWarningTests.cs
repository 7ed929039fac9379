using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

/// <summary>
/// One odd entry never sinks a page: it is kept as a <see cref="RowWarning"/> whose fragment reads again on its own,
/// and nothing is guessed. Built on the real record and score pages with one entry broken by hand.
/// </summary>
public sealed class RowWarningTests
{
    private const string Achievement = "playlog_achievement_txt t_r\">";

    [SharedFact]
    public void An_unreadable_record_entry_is_kept_and_the_other_49_plays_are_read()
    {
        var html = Fixtures.Html(Fixtures.Record);
        var whole = Parsed(RecordPageParser.Parse(html, Region.Intl)).Entries;

        var page = Parsed(RecordPageParser.Parse(BreakNth(html, Achievement, 1), Region.Intl));

        Assert.Equal(49, page.Entries.Count);
        Assert.Equal(whole.Where((_, i) => i != 1), page.Entries);
        var warning = Assert.Single(page.Warnings);
        Assert.Equal(DxNetPageKind.Record, warning.Kind);
        Assert.Equal("unreadable achievement", warning.Reason);
        Assert.Contains(whole[1].Idx!.Raw, warning.Fragment, StringComparison.Ordinal);
        Assert.Equal(1, Fixtures.Occurrences(warning.Fragment, "playlog_top_container"));
    }

    [SharedFact]
    public void A_kept_record_entry_reads_again_once_the_parser_can_read_it()
    {
        var html = Fixtures.Html(Fixtures.Record);
        var whole = Parsed(RecordPageParser.Parse(html, Region.Intl)).Entries;
        var warning = Assert.Single(Parsed(RecordPageParser.Parse(BreakNth(html, Achievement, 1), Region.Intl)).Warnings);

        // Today's parser still refuses it, for the same reason; nothing is guessed on the second reading either.
        var again = RowReparser.Reparse(warning);
        Assert.False(again.IsRead);
        Assert.Equal(warning.Reason, again.Problem);
        Assert.Null(again.Entry);

        // The fragment is complete: with the odd cell mended (as a newer parser would read it) it gives the very play.
        var mended = warning with { Fragment = warning.Fragment.Replace("??.????%", AchievementWhole(html, 1), StringComparison.Ordinal) };
        var read = RowReparser.Reparse(mended);
        Assert.True(read.IsRead, read.Problem);
        Assert.Equal(whole[1], read.Entry);
    }

    [SharedFact]
    public void A_kept_score_row_reads_again_with_its_heading()
    {
        var html = Fixtures.Html(Fixtures.ReMaster);
        var whole = Parsed(ScoreListPageParser.Parse(html, Region.Intl)).Rows;
        const string level = "<div class=\"music_lv_block f_r t_c f_14\">13</div>";
        var page = Parsed(ScoreListPageParser.Parse(BreakNth(html, level, 0, "<div class=\"music_lv_block f_r t_c f_14\">thirteen</div>"), Region.Intl));
        var warning = Assert.Single(page.Warnings);
        Assert.Equal(whole.Count - 1, page.Rows.Count);

        var mended = RowReparser.Reparse(warning with { Fragment = warning.Fragment.Replace(">thirteen<", ">13<", StringComparison.Ordinal) });

        Assert.True(mended.IsRead, mended.Problem);
        var row = mended.Row!;
        Assert.Contains(row, whole);
        Assert.DoesNotContain(row, page.Rows);
        Assert.Equal("POPS＆ANIME", row.Heading);
    }

    [Fact]
    public void An_unreadable_play_detail_is_an_unreadable_entry_not_a_failed_page()
    {
        var html = PlaylogDetailPages.Tiny().Replace("100<span class=\"f_20\">.9583%</span>", "??<span class=\"f_20\">.9583%</span>", StringComparison.Ordinal);

        var failure = Failed<PlayDetail, UnreadableEntry>(PlaylogDetailPageParser.Parse(html, Region.Intl));

        Assert.Equal(DxNetPageKind.PlaylogDetail, failure.Warning.Kind);
        Assert.Contains("playlog_notes_detail", failure.Warning.Fragment, StringComparison.Ordinal);
        var mended = RowReparser.Reparse(failure.Warning with { Fragment = failure.Warning.Fragment.Replace("??<span", "100<span", StringComparison.Ordinal) });
        Assert.True(mended.IsRead, mended.Problem);
        Assert.Equal(Parsed(PlaylogDetailPageParser.Parse(PlaylogDetailPages.Tiny(), Region.Intl)), mended.Play);
    }

    [Fact]
    public void A_maintenance_page_is_still_a_failure_not_a_warning()
    {
        var failure = Failed<RecordPage, MaintenancePage>(RecordPageParser.Parse(FailurePages.IntlMaintenance, Region.Intl));

        Assert.False(string.IsNullOrEmpty(failure.Message));
    }

    // Replaces the text right after the n-th (0-based) occurrence of marker up to the next tag, or the marker itself.
    internal static string BreakNth(string html, string marker, int n, string? replacement = null)
    {
        var at = -1;
        for (var i = 0; i <= n; i++)
        {
            at = html.IndexOf(marker, at + 1, StringComparison.Ordinal);
            Assert.True(at >= 0, $"occurrence {n} of {marker}");
        }

        if (replacement is not null)
        {
            return string.Concat(html.AsSpan(0, at), replacement, html.AsSpan(at + marker.Length));
        }

        var start = at + marker.Length;
        var end = html.IndexOf('<', start);
        return string.Concat(html.AsSpan(0, start), "??.????%", html.AsSpan(end));
    }

    private static string AchievementWhole(string html, int n)
    {
        var at = -1;
        for (var i = 0; i <= n; i++)
        {
            at = html.IndexOf(Achievement, at + 1, StringComparison.Ordinal);
        }

        var start = at + Achievement.Length;
        return html[start..html.IndexOf('<', start)];
    }
}
