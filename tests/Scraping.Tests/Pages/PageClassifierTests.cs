using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

public sealed class PageClassifierTests
{
    /// <summary>Each parser, by the page kind it expects.</summary>
    public static readonly Dictionary<DxNetPageKind, Func<string, Region, PageFailure?>> Parsers = new()
    {
        [DxNetPageKind.PlayerData] = (html, region) => PlayerPageParser.Parse(html, region).Failure,
        [DxNetPageKind.ScoreList] = (html, region) => ScoreListPageParser.Parse(html, region).Failure,
        [DxNetPageKind.Record] = (html, region) => RecordPageParser.Parse(html, region).Failure,
        [DxNetPageKind.PlaylogDetail] = (html, region) => PlaylogDetailPageParser.Parse(html, region).Failure,
        [DxNetPageKind.MusicDetail] = (html, region) => MusicDetailPageParser.Parse(html, region).Failure,
        [DxNetPageKind.RatingTarget] = (html, region) => RatingTargetPageParser.Parse(html, region).Failure,
    };

    public static TheoryData<string, DxNetPageKind> FixtureKinds => new()
    {
        { Fixtures.Player, DxNetPageKind.PlayerData },
        { Fixtures.Record, DxNetPageKind.Record },
        { Fixtures.Basic, DxNetPageKind.ScoreList },
        { Fixtures.Advanced, DxNetPageKind.ScoreList },
        { Fixtures.Expert, DxNetPageKind.ScoreList },
        { Fixtures.Master, DxNetPageKind.ScoreList },
        { Fixtures.ReMaster, DxNetPageKind.ScoreList },
        { Fixtures.Version17, DxNetPageKind.ScoreList },
        { Fixtures.Level13, DxNetPageKind.ScoreList },
        { Fixtures.RatingTarget, DxNetPageKind.RatingTarget },
        { Fixtures.Example1, DxNetPageKind.MusicDetail },
        { Fixtures.Example2, DxNetPageKind.MusicDetail },
        { Fixtures.MissingArtist, DxNetPageKind.MusicDetail },
        { Fixtures.MissingTitle, DxNetPageKind.MusicDetail },
    };

    [SharedFact]
    public void Every_fixture_is_listed() =>
        Assert.Equal(
            Directory.GetFiles(Fixtures.Directory, "*.html", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Fixtures.Directory, f).Replace('\\', '/')).Order(),
            Fixtures.All.Order());

    [SharedTheory]
    [MemberData(nameof(FixtureKinds))]
    public void Each_page_is_classified_and_only_its_own_parser_accepts_it(string file, DxNetPageKind kind)
    {
        var html = Fixtures.Html(file);

        Assert.Equal(new PageClassification(kind, null), PageClassifier.Classify(html));
        foreach (var (expected, parse) in Parsers)
        {
            var failure = parse(html, Region.Intl);
            if (expected == kind)
            {
                Assert.Null(failure);
            }
            else
            {
                Assert.Equal(expected, Assert.IsType<UnexpectedPage>(failure).Expected);
            }
        }
    }

    [Fact]
    public void Login_again_error_is_an_expired_session_on_both_sites()
    {
        foreach (var (html, description) in new[]
        {
            (FailurePages.IntlLoginAgain, "An error occured. Please login again."),
            (FailurePages.JpLoginAgain, "エラーが発生しました。 再度ログインしてください。"),
        })
        {
            Assert.Equal(new PageClassification(DxNetPageKind.Error, new SessionExpired(100001, description)), PageClassifier.Classify(html));
            Assert.All(Parsers.Values, parse => Assert.Equal(new SessionExpired(100001, description), parse(html, Region.Jp)));
        }
    }

    [Fact]
    public void Other_error_codes_are_error_pages_with_their_description()
    {
        var failure = Failed<ScoreListPage, ErrorPage>(ScoreListPageParser.Parse(FailurePages.IntlConnectionExpired, Region.Intl));

        Assert.Equal(new ErrorPage(200002, "The connection time has been expired. Please try again later."), failure);
        Assert.Contains("200002", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FailurePages.IntlMaintenance)]
    [InlineData(FailurePages.JpMaintenance)]
    public void Maintenance_pages_are_told_apart(string html)
    {
        Assert.Equal(DxNetPageKind.Maintenance, PageClassifier.Classify(html).Kind);
        Assert.All(Parsers.Values, parse => Assert.IsType<MaintenancePage>(parse(html, Region.Intl)));
    }

    [Fact]
    public void A_login_form_means_the_session_is_gone()
    {
        Assert.Equal(DxNetPageKind.Login, PageClassifier.Classify(FailurePages.AimeLogin).Kind);
        Assert.All(Parsers.Values, parse => Assert.IsType<SessionExpired>(parse(FailurePages.AimeLogin, Region.Intl)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("<<<>>> not html at all \u0000\u0001")]
    [InlineData("<html><body><h1>Example Domain</h1><p>This domain is for use in examples.</p></body></html>")]
    [InlineData("{\"json\": true}")]
    [InlineData("<html><body><img src=\"img/title_music.png\" class=\"title\"/><table class=\"music_scorelist_table\"></table></body></html>")]
    public void Garbage_and_foreign_html_are_unexpected_pages(string html)
    {
        foreach (var (kind, parse) in Parsers)
        {
            var failure = Assert.IsType<UnexpectedPage>(parse(html, Region.Intl));
            Assert.Equal(kind, failure.Expected);
        }
    }

    [SharedTheory]
    [MemberData(nameof(FixtureKinds))]
    public void Truncated_pages_fail_instead_of_returning_fewer_rows(string file, DxNetPageKind kind)
    {
        var html = Fixtures.Html(file);
        var parse = Parsers[kind];
        var footer = html.IndexOf("<footer", StringComparison.Ordinal);

        foreach (var cut in new[] { html.Length / 3, html.Length / 2 })
        {
            Assert.Equal(kind, Assert.IsType<UnexpectedPage>(parse(html[..cut], Region.Intl)).Expected);
        }

        // Cut inside or just before the footer: every row is there, but the page must still be refused.
        foreach (var cut in new[] { footer, footer + 40, html.IndexOf("logo_sega", StringComparison.Ordinal) + 3 })
        {
            var failure = Assert.IsType<UnexpectedPage>(parse(html[..cut], Region.Intl));
            Assert.Contains("incomplete", failure.Reason, StringComparison.Ordinal);
        }
    }

    [SharedFact]
    public void A_score_list_missing_a_row_fails_on_its_summary_count()
    {
        var html = Fixtures.Html(Fixtures.Master);
        const string row = "<div class=\"w_450 m_15 p_r f_0\" >";
        var start = html.IndexOf(row, StringComparison.Ordinal);
        var next = html.IndexOf(row, start + row.Length, StringComparison.Ordinal);

        var failure = Unexpected(ScoreListPageParser.Parse(html.Remove(start, next - start), Region.Intl), DxNetPageKind.ScoreList);

        Assert.Contains("1356 rows", failure.Reason, StringComparison.Ordinal);
    }

    [SharedTheory]
    [InlineData("100.6868%", "100.68x68%")]
    [InlineData("1,796 / 2,004", "1,796 of 2,004")]
    [InlineData("img/music_icon_sssp.png?ver=1.50\" class=\"h_30 f_r", "img/music_icon_zzz.png?ver=1.50\" class=\"h_30 f_r")]
    [InlineData("img/music_dx.png\" class=\"music_kind_icon", "img/music_xx.png\" class=\"music_kind_icon")]
    [InlineData("<div class=\"music_lv_block f_r t_c f_14\">11+</div>", "<div class=\"music_lv_block f_r t_c f_14\">eleven</div>")]
    public void A_single_unreadable_row_is_kept_as_a_warning_and_the_others_are_read(string from, string to)
    {
        var html = Fixtures.Html(Fixtures.Master);
        var at = html.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, from);

        var page = Parsed(ScoreListPageParser.Parse(string.Concat(html.AsSpan(0, at), to, html.AsSpan(at + from.Length)), Region.Intl));

        // The summary still counts 1,357 charts: 1,356 read and the odd one kept, not guessed and not dropped.
        Assert.Equal(1356, page.Rows.Count);
        var warning = Assert.Single(page.Warnings);
        Assert.Equal(DxNetPageKind.ScoreList, warning.Kind);
        Assert.Contains(to, warning.Fragment, StringComparison.Ordinal);
        Assert.NotEmpty(warning.Reason);
    }

    [SharedFact]
    public void A_list_where_most_rows_are_unreadable_still_fails()
    {
        // Every DX kind icon renamed: the site changed its markup, which must not be stored as a list of warnings.
        var html = Fixtures.Html(Fixtures.Master).Replace("img/music_dx.png\" class=\"music_kind_icon", "img/music_xx.png\" class=\"music_kind_icon", StringComparison.Ordinal);

        var failure = Unexpected(ScoreListPageParser.Parse(html, Region.Intl), DxNetPageKind.ScoreList);

        Assert.Contains("rows are unreadable", failure.Reason, StringComparison.Ordinal);
    }
}
