using Maimai.Scraping.Pages.Internal;
using Maimai.Scraping.Tests.Pages;
using Maimai.Testing;

namespace Maimai.Scraping.Tests.Pages.Internal;

/// <summary>The one-pass marker scan must say exactly what a Contains per marker says.</summary>
public sealed class PageMarkersTests
{
    private static readonly (string Text, PageMarker Marker, StringComparison Comparison)[] Markers =
    [
        ("title_error", PageMarker.TitleError, StringComparison.Ordinal),
        ("container_red", PageMarker.ContainerRed, StringComparison.Ordinal),
        ("password", PageMarker.Password, StringComparison.OrdinalIgnoreCase),
        ("－Error－", PageMarker.JpError, StringComparison.Ordinal),
        ("Sorry, servers are under maintenance.", PageMarker.IntlMaintenance, StringComparison.Ordinal),
        ("定期メンテナンス中です", PageMarker.JpMaintenance, StringComparison.Ordinal),
        ("playlog_notes_detail", PageMarker.PlaylogNotesDetail, StringComparison.Ordinal),
        ("title_playlog.png", PageMarker.TitlePlaylog, StringComparison.Ordinal),
        ("title_music.png", PageMarker.TitleMusic, StringComparison.Ordinal),
        ("music_detail_table", PageMarker.MusicDetailTable, StringComparison.Ordinal),
        ("music_scorelist_table", PageMarker.MusicScorelistTable, StringComparison.Ordinal),
        ("title_playerdata.png", PageMarker.TitlePlayerData, StringComparison.Ordinal),
        ("musiccount_block", PageMarker.MusicCountBlock, StringComparison.Ordinal),
        ("screw_block", PageMarker.ScrewBlock, StringComparison.Ordinal),
        ("<footer", PageMarker.Footer, StringComparison.Ordinal),
        ("logo_sega", PageMarker.SegaLogo, StringComparison.Ordinal),
    ];

    public static TheoryData<string> Pages => Fixtures.Data(Fixtures.All);

    [SharedTheory]
    [MemberData(nameof(Pages))]
    public void A_real_page_has_the_markers_Contains_finds(string page)
    {
        var html = Fixtures.Html(page);
        Assert.Equal(ByContains(html), PageMarkers.Of(html));
    }

    [Theory]
    [InlineData("<input type=PASSWORD> － Error－ TITLE_ERROR title_error")]
    [InlineData("<footer><img src='logo_sega.png'></footer>")]
    [InlineData("定期メンテナンス中です。Sorry, servers are under maintenance.")]
    [InlineData("title_music.pngmusic_scorelist_tablemusic_scorelist_table")]
    [InlineData("－Error－ container_re container_red screw_bloc")]
    [InlineData("")]
    public void Markers_match_by_their_own_case_rule(string html) => Assert.Equal(ByContains(html), PageMarkers.Of(html));

    private static PageMarker ByContains(string html) =>
        Markers.Where(m => html.Contains(m.Text, m.Comparison)).Aggregate(PageMarker.None, (all, m) => all | m.Marker);
}
