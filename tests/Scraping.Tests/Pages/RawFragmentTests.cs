using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

/// <summary>
/// A kept entry carries no secret: real pages with a CSRF token, session values in links, forms, handlers and
/// scripts injected, then an entry broken so the parser keeps it raw.
/// </summary>
public sealed class RawFragmentTests
{
    private const string CsrfToken = "a3f9c2e17b5d4e60918f2c3b7a6d5e4f";
    private const string UserId = "7a1c9e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c";
    private const string Clal = "clal0aa1bb2cc3dd4ee5ff6gg7hh8ii9jj";

    [SharedFact]
    public void A_kept_record_entry_holds_no_token_cookie_or_session_value()
    {
        var page = Parsed(RecordPageParser.Parse(WithSecrets(Fixtures.Html(Fixtures.Record)), Region.Intl));
        var warning = Assert.Single(page.Warnings);

        AssertNoSecret(warning.Fragment);
        Assert.DoesNotContain("<script", warning.Fragment, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", warning.Fragment, StringComparison.OrdinalIgnoreCase);
        // What re-reading needs stays: the play's idx and the markup around the odd cell.
        Assert.Contains("name=\"idx\"", warning.Fragment, StringComparison.Ordinal);
        Assert.Contains("playlog_achievement_txt", warning.Fragment, StringComparison.Ordinal);
    }

    [SharedFact]
    public void A_kept_score_row_holds_no_token_cookie_or_session_value()
    {
        var html = Fixtures.Html(Fixtures.ReMaster);
        const string form = "<form action=\"https://maimaidx-eng.com/maimai-mobile/record/musicDetail/\" method=\"get\" accept-charset=\"utf-8\">";
        var secretForm = form + $"<input type=\"hidden\" name=\"_t\" value=\"{CsrfToken}\" /><input type=\"hidden\" name=\"userId\" value=\"{UserId}\" />"
            + $"<a href=\"https://maimaidx-eng.com/maimai-mobile/?userId={UserId}&amp;clal={Clal}\">x</a>";
        html = html.Replace(form, secretForm, StringComparison.Ordinal);
        html = RowWarningTests.BreakNth(html, "<div class=\"music_lv_block f_r t_c f_14\">13</div>", 0, "<div class=\"music_lv_block f_r t_c f_14\">1 3</div>");

        var warning = Assert.Single(Parsed(ScoreListPageParser.Parse(html, Region.Intl)).Warnings);

        AssertNoSecret(warning.Fragment);
        Assert.Contains("name=\"idx\"", warning.Fragment, StringComparison.Ordinal);
    }

    [SharedFact]
    public void Scrubbing_a_whole_real_page_removes_injected_secrets_and_the_session_values_given()
    {
        foreach (var file in new[] { Fixtures.Record, Fixtures.Player, Fixtures.Example1 })
        {
            // The token also shows up as plain text, where no markup rule can see it: the fetch names it.
            var html = WithSecrets(Fixtures.Html(file)).Replace("</footer>", $"<p>{UserId}</p><p>{Uri.EscapeDataString(UserId + "/+")}</p></footer>", StringComparison.Ordinal);

            var scrubbed = RawFragment.Scrub(html, [UserId, UserId + "/+", CsrfToken, Clal]);

            AssertNoSecret(scrubbed);
            Assert.Contains(RawFragment.Removed, scrubbed, StringComparison.Ordinal);
            Assert.Contains("logo_sega", scrubbed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_secret_field_or_script_at_the_top_of_a_fragment_goes_too()
    {
        var scrubbed = RawFragment.Scrub(
            $"<input type=\"hidden\" name=\"_t\" value=\"{CsrfToken}\"><script>var t='{UserId}'</script><input type=\"hidden\" name=\"idx\" value=\"42\"><div>kept</div>",
            []);

        AssertNoSecret(scrubbed);
        Assert.Equal("<input type=\"hidden\" name=\"idx\" value=\"42\"><div>kept</div>", scrubbed);
    }

    [Fact]
    public void Known_short_values_are_not_cut_out_of_ordinary_text()
    {
        Assert.Equal("<p>TRACK 01</p>", RawFragment.Without("<p>TRACK 01</p>", ["01"]));
    }

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(CsrfToken, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(UserId, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Uri.EscapeDataString(UserId + "/+"), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Clal, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
    }

    // The second record entry gets the secrets a page could carry and an achievement the parser cannot read.
    private static string WithSecrets(string html)
    {
        const string form = "<form action=\"https://maimaidx-eng.com/maimai-mobile/record/playlogDetail/\" method=\"get\" accept-charset=\"utf-8\" class=\"m_t_5 t_r\">";
        var secrets = $"<input type=\"hidden\" name=\"_t\" value=\"{CsrfToken}\" />"
            + $"<input type=\"hidden\" name=\"userId\" value=\"{UserId}\" />"
            + $"<input type=\"hidden\" name=\"note\" value=\"SECRET-hidden\" />"
            + $"<a href=\"https://maimaidx-eng.com/maimai-mobile/record/?_t={CsrfToken}&amp;userId={UserId}\" onclick=\"document.cookie='userId=SECRET-handler'\">more</a>"
            + $"<script>var session = 'SECRET-script';</script><!-- userId={UserId} -->"
            + $"<img src=\"https://maimaidx-eng.com/maimai-mobile/img/x.png?clal={Clal}\" />";
        if (html.Contains(form, StringComparison.Ordinal))
        {
            var first = html.IndexOf(form, StringComparison.Ordinal);
            var second = html.IndexOf(form, first + form.Length, StringComparison.Ordinal);
            html = string.Concat(html.AsSpan(0, second + form.Length), secrets, html.AsSpan(second + form.Length));
            return RowWarningTests.BreakNth(html, "playlog_achievement_txt t_r\">", 1);
        }

        return html.Replace("</footer>", secrets + "</footer>", StringComparison.Ordinal);
    }
}
