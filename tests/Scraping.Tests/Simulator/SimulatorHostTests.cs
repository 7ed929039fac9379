using System.Net;
using Maimai.Core.Game;
using Maimai.DxNetSimulator;
using Maimai.DxNetSimulator.Catalog;

namespace Maimai.Scraping.Tests.Simulator;

public sealed class SimulatorHostTests
{
    public static TheoryData<string> Pages() =>
    [
        "/maimai-mobile/",
        "/maimai-mobile/home/",
        "/maimai-mobile/playerData/",
        "/maimai-mobile/record/",
        "/maimai-mobile/home/ratingTargetMusic/",
        "/maimai-mobile/record/musicGenre/search/?genre=99&diff=0",
        "/maimai-mobile/record/musicGenre/search/?genre=99&diff=3",
        "/maimai-mobile/record/musicGenre/search/?genre=99&diff=4",
        "/maimai-mobile/record/musicGenre/search/?genre=99&diff=10",
        "/maimai-mobile/record/musicGenre/search/?genre=105&diff=2",
    ];

    [Fact]
    public async Task Starts_on_a_free_loopback_port()
    {
        await using var sim = await TestSimulator.StartAsync();

        Assert.Equal("127.0.0.1", sim.BaseUrl.Host);
        Assert.NotEqual(0, sim.BaseUrl.Port);
        Assert.Equal(new Uri(sim.BaseUrl, "maimai-mobile/"), sim.SiteUrl);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Serves_every_page_kind_to_a_logged_in_player(string page)
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);

        var html = await client.GetPageAsync(page);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("maimai DX NET－", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serves_playlog_detail_and_music_detail_for_the_state_idx_values()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        var state = sim.Snapshot();
        var play = state.Recent[0];
        var song = state.Songs[play.SongId];

        var detail = await client.GetPageAsync("/maimai-mobile/record/playlogDetail/?idx=" + Uri.EscapeDataString(play.Idx));
        var music = await client.GetPageAsync("/maimai-mobile/record/musicDetail/?idx=" + Uri.EscapeDataString(song.MusicDetailIdx));

        Assert.Contains("playlog_notes_detail", detail, StringComparison.Ordinal);
        Assert.Contains(play.Venue, detail, StringComparison.Ordinal);
        Assert.Contains("music_detail_table", music, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_idx_or_diff_is_a_clear_404_not_a_crash()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        var idx = sim.Snapshot().Songs[0].MusicDetailIdx;

        using var unencodedPlus = await client.GetAsync("/maimai-mobile/record/musicDetail/?idx=" + idx);
        using var badDiff = await client.GetAsync("/maimai-mobile/record/musicGenre/search/?genre=99&diff=7");
        using var badPlay = await client.GetAsync("/maimai-mobile/record/playlogDetail/?idx=3,12");

        Assert.Contains('+', idx);
        Assert.Equal(HttpStatusCode.NotFound, unencodedPlus.StatusCode);
        Assert.Contains("%2B", await unencodedPlus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, badDiff.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, badPlay.StatusCode);
    }

    [Fact]
    public async Task The_same_seed_and_clock_give_the_same_pages_and_state()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 23, 12, 0, 0, TimeSpan.Zero));
        await using var a = await TestSimulator.StartAsync(o => { o.Seed = 42; o.TimeProvider = clock; });
        await using var b = await TestSimulator.StartAsync(o => { o.Seed = 42; o.TimeProvider = clock; });
        await using var other = await TestSimulator.StartAsync(o => { o.Seed = 43; o.TimeProvider = clock; });
        using var ca = new SiteClient(a);
        using var cb = new SiteClient(b);
        using var co = new SiteClient(other);
        const string Page = "/maimai-mobile/record/musicGenre/search/?genre=99&diff=3";

        var pageA = (await ca.GetPageAsync(Page)).Replace(a.BaseUrl.Authority, "HOST", StringComparison.Ordinal);
        var pageB = (await cb.GetPageAsync(Page)).Replace(b.BaseUrl.Authority, "HOST", StringComparison.Ordinal);
        var pageOther = (await co.GetPageAsync(Page)).Replace(other.BaseUrl.Authority, "HOST", StringComparison.Ordinal);

        Assert.Equal(pageA, pageB);
        Assert.NotEqual(pageA, pageOther);
        Assert.Equal(a.Sessions.Current, b.Sessions.Current);
        Assert.Equal(a.Snapshot().Profile, b.Snapshot().Profile);
        Assert.Equal(a.Snapshot().Recent, b.Snapshot().Recent);
    }

    [Fact]
    public void The_catalog_holds_the_trap_titles()
    {
        var catalog = CatalogGenerator.Generate(seed: 1, songCount: 1400, utageCount: 12);
        var songs = catalog.Songs;

        Assert.Equal(1412, songs.Count);
        var links = songs.Where(s => s.Title == "Link").ToList();
        Assert.Equal([Genre.NiconicoVocaloid, Genre.Maimai], links.Select(s => s.Genre).Order());
        Assert.Single(songs, s => s.Title == "\u3000");
        Assert.Single(songs, s => s.Title == "TRUST");
        Assert.Single(songs, s => s.Title == "Trust");
        Assert.Equal([ChartType.Std, ChartType.Dx], songs.Where(s => s.Title == CatalogGenerator.BothTypesTitle).Select(s => s.Type).Order());
        Assert.Equal(12, songs.Count(s => s.IsUtage));
        Assert.Contains(songs, s => s.Find(Difficulty.ReMaster) is not null);
        Assert.Contains(songs, s => s.Type == ChartType.Std && !s.IsUtage);
        Assert.Equal(songs.Count, songs.Select(s => s.MusicDetailIdx).Distinct().Count());
        Assert.All(songs.Where(s => s.Type == ChartType.Std), s => Assert.All(s.Charts, c => Assert.Equal(0, c.Notes.Touch)));
    }

    [Fact]
    public async Task Bad_options_are_refused_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Url = "ftp://x" }).WaitAsync(TestSimulator.Timeout));
        Assert.Contains("absolute http URL", error.Message, StringComparison.Ordinal);

        var tooSmall = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { SongCount = 3 }).WaitAsync(TestSimulator.Timeout));
        Assert.Contains("At least 40 songs", tooSmall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Japanese_pages_use_japanese_labels()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = Region.Jp);
        using var client = new SiteClient(sim);
        var profile = sim.Snapshot().Profile;

        var player = await client.GetPageAsync("/maimai-mobile/playerData/");
        var scores = await client.GetPageAsync("/maimai-mobile/record/musicGenre/search/?genre=99&diff=3");

        Assert.Contains($"現バージョンプレイ回数：{profile.CurrentVersionPlayCount}回<br>『maimai でらっくす』累計プレイ回数：{profile.TotalPlayCount}回",
            player, StringComparison.Ordinal);
        Assert.Contains(">POPS＆アニメ<", scores, StringComparison.Ordinal);
        Assert.Contains(">niconico＆ボーカロイド<", scores, StringComparison.Ordinal);
        Assert.Contains(">ゲーム＆バラエティ<", scores, StringComparison.Ordinal);
        Assert.DoesNotContain("POPS＆ANIME", scores, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_paths_answer_404()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);

        using var response = await client.GetAsync("/maimai-mobile/friend/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
