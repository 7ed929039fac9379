using Maimai.Core.Game;
using Maimai.Scraping.Pages;
using Maimai.Testing;
using static Maimai.Scraping.Tests.Pages.PageResultAssert;

namespace Maimai.Scraping.Tests.Pages;

/// <summary>The Japanese site serves the same markup with Japanese labels; pages are generated from the intl ones.</summary>
public sealed class JapaneseSiteTests
{
    [SharedFact]
    public void Score_list_headings_keep_the_japanese_genre_names()
    {
        var intl = Parsed(ScoreListPageParser.Parse(Fixtures.Html(Fixtures.Master), Region.Intl));

        var jp = Parsed(ScoreListPageParser.Parse(JapaneseLabels.Apply(Fixtures.Html(Fixtures.Master)), Region.Jp));

        Assert.Equal(["POPS＆アニメ", "niconico＆ボーカロイド", "東方Project", "ゲーム＆バラエティ", "maimai", "オンゲキ＆CHUNITHM"], jp.Rows.Select(r => r.Heading).Distinct());
        Assert.Equal(intl.Rows.Select(r => r with { Heading = string.Empty }), jp.Rows.Select(r => r with { Heading = string.Empty }));
        Assert.Equal(intl.Summary, jp.Summary);
    }

    [SharedTheory]
    [InlineData(Fixtures.Record)]
    [InlineData(Fixtures.Example1)]
    [InlineData(Fixtures.RatingTarget)]
    public void Other_pages_read_the_same_on_the_japanese_site(string file)
    {
        var html = JapaneseLabels.Apply(Fixtures.Html(file));

        Assert.Null(PageClassifier.Classify(html).Failure);
        Assert.Null(PageClassifierTests.Parsers[PageClassifier.Classify(html).Kind](html, Region.Jp));
    }

    [SharedFact]
    public void Japanese_music_detail_genre_is_kept_verbatim()
    {
        var song = Parsed(MusicDetailPageParser.Parse(JapaneseLabels.Apply(Fixtures.Html(Fixtures.Example2)), Region.Jp));

        Assert.Equal("niconico＆ボーカロイド", song.Genre);
    }
}
