using AngleSharp.Dom;
using Maimai.DxNetSimulator;
using Maimai.Testing;

namespace Maimai.Scraping.Tests.Simulator;

/// <summary>
/// Every simulated page kind keeps the real site's structure where parsers look: its skeleton chains
/// must all occur in the real page of that kind (../shared/fixtures), and the key selectors must match
/// on both. playlogDetail has no real page: its top block is compared with a real record entry.
/// </summary>
public sealed class SkeletonTests
{
    private static string Fixture(params string[] parts) => SharedFolder.File(["fixtures", "dxnet", "intl", .. parts]);

    public static TheoryData<string, string, string[]> ListPages() => new()
    {
        { "playerData/", "player_data/player_data.html",
            [".see_through_block .basic_block .name_block", ".rating_block", ".trophy_inner_block > span", ".musiccount_counter_block"] },
        { "record/musicGenre/search/?genre=99&diff=3", "scores/diff3_master.html",
            ["div.screw_block", "div.music_master_score_back .music_name_block", ".music_master_score_back .music_lv_block",
             ".music_master_score_back .music_score_block", ".music_master_score_back input[name=idx]", "img.music_kind_icon"] },
        { "record/musicGenre/search/?genre=99&diff=0", "scores/diff0_basic.html", ["div.music_basic_score_back .music_name_block"] },
        { "record/musicGenre/search/?genre=99&diff=4", "scores/diff4_remaster.html", ["div.music_remaster_score_back .music_name_block"] },
        { "record/musicGenre/search/?genre=99&diff=10", "scores/diff3_master.html", ["div.screw_block", ".music_name_block"] },
        { "record/", "recent/record.html",
            [".playlog_top_container .sub_title span", ".playlog_achievement_txt", "img.playlog_scorerank",
             ".playlog_score_block .white", "form input[name=idx]", ".playlog_level_icon", "img.playlog_music_kind_icon"] },
        { "home/ratingTargetMusic/", "rating_target/rating_target_music.html",
            ["div.screw_block", ".music_score_block", ".ratingtarget_scorerank_img", ".music_name_block", ".rating_block"] },
    };

    [SharedTheory]
    [MemberData(nameof(ListPages))]
    public async Task A_simulated_page_has_the_real_pages_skeleton(string page, string fixture, string[] selectors)
    {
        await using var sim = await StartAsync();
        using var client = new SiteClient(sim);
        var simulated = PageSkeleton.Parse(await client.GetPageAsync("/maimai-mobile/" + page));
        var real = PageSkeleton.ParseFile(Fixture(fixture.Split('/')));

        AssertSubset(PageSkeleton.Of(simulated), PageSkeleton.Of(real), page);
        foreach (var selector in selectors)
        {
            Assert.True(real.QuerySelectorAll(selector).Length > 0, $"real {fixture}: '{selector}' matches nothing");
            Assert.True(simulated.QuerySelectorAll(selector.Replace("master", page.EndsWith("diff=10", StringComparison.Ordinal) ? "utage" : "master", StringComparison.Ordinal)).Length > 0,
                $"simulated {page}: '{selector}' matches nothing");
        }
    }

    [SharedFact]
    public async Task Music_detail_pages_have_the_real_skeleton()
    {
        await using var sim = await StartAsync();
        using var client = new SiteClient(sim);
        var state = sim.Snapshot();
        var real = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in new[] { "example1.html", "example2.html", "missing_artist.html", "missing_title.html" })
        {
            real.UnionWith(PageSkeleton.Of(PageSkeleton.ParseFile(Fixture("music_detail", name))));
        }

        var played = state.Songs.Where(s => s.Charts.Count(c => state.ScoreOf(s.Id, c.Difficulty) is not null) >= 2).Take(5).ToList();
        Assert.NotEmpty(played);
        foreach (var song in played)
        {
            var simulated = PageSkeleton.Parse(await client.GetPageAsync(
                "/maimai-mobile/record/musicDetail/?idx=" + Uri.EscapeDataString(song.MusicDetailIdx)));
            AssertSubset(PageSkeleton.Of(simulated), real, song.Title);
            Assert.NotNull(simulated.QuerySelector(".music_detail_table tr .music_lv_back"));
            Assert.NotNull(simulated.QuerySelector("div.black_block table td"));
            Assert.Equal(song.Title, simulated.QuerySelector(".basic_block .m_5.f_15.break")!.TextContent);
        }
    }

    [SharedFact]
    public async Task Playlog_detail_top_block_is_a_record_entry()
    {
        await using var sim = await StartAsync();
        using var client = new SiteClient(sim);
        var play = sim.Snapshot().Recent[0];
        var real = PageSkeleton.ParseFile(Fixture("recent", "record.html"));
        var realEntries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in real.QuerySelectorAll("div.p_10.t_l.f_0.v_b"))
        {
            realEntries.UnionWith(PageSkeleton.Of(entry));
        }

        var detail = PageSkeleton.Parse(await client.GetPageAsync(
            "/maimai-mobile/record/playlogDetail/?idx=" + Uri.EscapeDataString(play.Idx)));
        var top = detail.QuerySelector("div.p_10.t_l.f_0.v_b");

        Assert.NotNull(top);
        AssertSubset(PageSkeleton.Of(top), realEntries, "playlogDetail top block");
        var rows = detail.QuerySelectorAll(".gray_block table.playlog_notes_detail tr");
        Assert.Equal(6, rows.Length);
        Assert.Equal(5, rows[1].QuerySelectorAll("td").Length);
        Assert.NotNull(detail.QuerySelector(".gray_block .playlog_fl_block"));
        Assert.Equal(play.Venue, detail.QuerySelector("#placeName > span")!.TextContent);
        Assert.Contains($"{play.MaxCombo:#,0}/{play.TotalCombo:#,0}",
            detail.QuerySelector(".gray_block .playlog_score_block")!.TextContent, StringComparison.Ordinal);
    }

    [SharedFact]
    public async Task Home_player_block_is_the_real_player_block()
    {
        await using var sim = await StartAsync();
        using var client = new SiteClient(sim);
        var home = PageSkeleton.Parse(await client.GetPageAsync("/maimai-mobile/"));
        var real = PageSkeleton.ParseFile(Fixture("player_data", "player_data.html"));

        AssertSubset(PageSkeleton.Of(Block(home)), PageSkeleton.Of(Block(real)), "home player block");

        static IElement Block(IDocument document) => document.QuerySelector(".see_through_block .basic_block")!;
    }

    private static Task<RunningSimulator> StartAsync() => TestSimulator.StartAsync(o => o.RequireSession = false);

    private static void AssertSubset(SortedSet<string> simulated, SortedSet<string> real, string what)
    {
        var invented = simulated.Except(real).ToList();
        Assert.True(invented.Count == 0,
            $"{what}: the simulator has structure the real page lacks:\n  " + string.Join("\n  ", invented));
    }
}
