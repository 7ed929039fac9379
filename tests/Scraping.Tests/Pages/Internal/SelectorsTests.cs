using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Maimai.Scraping.Pages.Internal;
using Maimai.Scraping.Tests.Pages;
using Maimai.Testing;

namespace Maimai.Scraping.Tests.Pages.Internal;

/// <summary>
/// The parsers' own selector matcher and element walk must find exactly what AngleSharp finds: same elements, same
/// order, on every real page, for every selector the parsers use.
/// </summary>
public sealed class SelectorsTests
{
    // Every selector text in src/Scraping, a few more shapes, and one the matcher leaves to AngleSharp (:not).
    private static readonly string[] Used =
    [
        "img", "table.playlog_notes_detail", "table.music_scorelist_table", "table.music_detail_table", "tr", "td",
        ".playlog_top_container", "input[type=password]", ".screw_block", ".rating_block", ".musiccount_block",
        ".gray_block", "div[class*='_score_back']", "div[id][class*='_score_back']", "div.t_r.f_r > img", "div.t_r.f_12",
        ".sub_title span", ".playlog_score_block", ".music_score_block", ".black_block td", "th", "span",
        "input[name=idx]", "input[name=diff]", "img[src*='title_error']", "img[src*='rating_base_']",
        "img[src*='logo_sega']", "img[src*='icon_star']", "img[src*='/diff_']", "img[src*='/Music/']", "img[src*='/Icon/']",
        "img.title", "img.ratingtarget_scorerank_img", "img.playlog_diff", "img.music_kind_icon", "div.white",
        "div.screw_block", "div.f_15.break", "div.f_12.break", "div.f_10", "div.blue", "br", ".trophy_inner_block",
        ".see_through_block .basic_block", ".playlog_music_kind_icon_utage img", ".musiccount_img_block img",
        ".music_kind_icon_utage img", ".p_5.f_14", ".music_lv_block", ".music_name_block", ".basic_block .rating_block",
        "#placeName > span", "body > div > div", "footer img",
        ".js-marquee, marquee", "div:not(.f_10)",
    ];

    public static TheoryData<string> Pages => Fixtures.Data(Fixtures.All);

    [SharedTheory]
    [MemberData(nameof(Pages))]
    public void Every_selector_finds_what_AngleSharp_finds_on_a_real_page(string page)
    {
        var document = new HtmlParser().ParseDocument(Fixtures.Html(page));
        var matched = 0;
        foreach (var selector in Used)
        {
            var expected = document.QuerySelectorAll(selector);
            Assert.Equal(expected, document.FindAll(selector));
            Assert.Same(expected.Length > 0 ? expected[0] : null, document.Find(selector));
            matched += expected.Length;

            // Scoped to an element: only its descendants, while an ancestor in a chain may lie outside it.
            if (document.Body?.FirstElementChild is { } scope)
            {
                Assert.Equal(scope.QuerySelectorAll(selector), scope.FindAll(selector));
            }
        }

        Assert.True(matched > 100, $"the selectors matched only {matched} elements: the comparison proves little");
    }

    [Theory]
    [InlineData("div.a")]
    [InlineData(".a .b")]
    [InlineData("div > .b")]
    [InlineData("[data-x*='y']")]
    [InlineData("span[data-x]")]
    [InlineData(".a > span, .b")]
    public void Classes_attributes_and_combinators_follow_CSS(string selector)
    {
        const string html = """
            <div class="a  x"><span class="b" data-x="zyz">1</span><p><span class="b">2</span></p></div>
            <div class="ab"><span data-x="q">3</span><span class="b a">4</span></div>
            """;
        var document = new HtmlParser().ParseDocument(html);
        Assert.Equal(document.QuerySelectorAll(selector), document.FindAll(selector));
    }

    [SharedTheory]
    [MemberData(nameof(Pages))]
    public void The_cursor_walks_elements_in_document_order(string page)
    {
        var document = new HtmlParser().ParseDocument(Fixtures.Html(page));
        var expected = document.DocumentElement.Descendants<IElement>().ToList();
        var walked = new List<IElement>();
        var cursor = new ElementCursor(document.DocumentElement);
        while (cursor.MoveNext())
        {
            Assert.Same(cursor.Current!.NextElementSibling, cursor.NextSibling);
            walked.Add(cursor.Current);
        }

        Assert.Equal(expected, walked);
    }

    [SharedTheory]
    [MemberData(nameof(Pages))]
    public void A_skipped_element_keeps_its_children_out_of_the_walk(string page)
    {
        var document = new HtmlParser().ParseDocument(Fixtures.Html(page));
        var root = document.DocumentElement;
        var expected = root.Descendants<IElement>().Where(e => !e.Ancestors<IElement>().Any(a => a.LocalName == "div")).ToList();
        var walked = new List<IElement>();
        var cursor = new ElementCursor(root);
        var descend = true;
        while (cursor.MoveNext(descend))
        {
            walked.Add(cursor.Current!);
            descend = cursor.Current!.LocalName != "div";
        }

        Assert.Equal(expected, walked);
    }
}
