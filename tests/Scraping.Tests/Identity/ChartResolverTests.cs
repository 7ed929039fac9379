using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Scraping.Identity;

namespace Maimai.Scraping.Tests.Identity;

public sealed class ChartResolverTests
{
    private static readonly ChartResolver Resolver = new(new SongCatalog(
    [
        Song("Link", "maimai", "link-maimai.png", (ChartType.Std, Difficulty.Master)),
        Song("Link", "niconico＆ボーカロイド", "link-nico.png", (ChartType.Std, Difficulty.Master)),
        Song("\u3000", "POPS＆アニメ", "blank.png", (ChartType.Dx, Difficulty.Master)),
        Song("TRUST", "オンゲキ＆CHUNITHM", "trust-upper.png", (ChartType.Std, Difficulty.Master)),
        Song("Trust", "ゲーム＆バラエティ", "trust-lower.png", (ChartType.Dx, Difficulty.Master)),
        Song("ゴーストルール", "niconico＆ボーカロイド", "ghost.png", (ChartType.Std, Difficulty.Master), (ChartType.Dx, Difficulty.Master)),
    ]));

    [Theory]
    [InlineData("maimai", "link-maimai.png")]
    [InlineData("niconico＆VOCALOID™", "link-nico.png")]
    [InlineData("niconico＆ボーカロイド", "link-nico.png")]
    public void Same_titled_songs_are_told_apart_by_genre(string genre, string image)
    {
        var match = Assert.IsType<KnownChart>(Resolver.Resolve(new ScrapedChart(genre, "Link", ChartType.Std, Difficulty.Master)));

        Assert.Equal(image, match.Song.ImageFile);
    }

    [Fact]
    public void Same_titled_songs_are_told_apart_by_jacket_when_there_is_no_genre()
    {
        var match = Assert.IsType<KnownChart>(Resolver.Resolve(new ScrapedChart(null, "Link", ChartType.Std, Difficulty.Master, "link-nico.png")));
        Assert.Equal("niconico＆ボーカロイド", match.Song.Genre);

        var ambiguous = Assert.IsType<DiscoveredChart>(Resolver.Resolve(new ScrapedChart(null, "Link", ChartType.Std, Difficulty.Master)));
        Assert.Contains("2 songs", ambiguous.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Titles_match_exactly()
    {
        Assert.Equal("trust-upper.png", Assert.IsType<KnownChart>(Resolver.Resolve(new ScrapedChart("オンゲキ＆CHUNITHM", "TRUST", ChartType.Std, Difficulty.Master))).Song.ImageFile);
        Assert.Equal("trust-lower.png", Assert.IsType<KnownChart>(Resolver.Resolve(new ScrapedChart("GAME＆VARIETY", "Trust", ChartType.Dx, Difficulty.Master))).Song.ImageFile);
        Assert.IsType<DiscoveredChart>(Resolver.Resolve(new ScrapedChart("GAME＆VARIETY", "trust", ChartType.Dx, Difficulty.Master)));
        Assert.Equal("blank.png", Assert.IsType<KnownChart>(Resolver.Resolve(new ScrapedChart("POPS＆ANIME", "\u3000", ChartType.Dx, Difficulty.Master))).Song.ImageFile);
        Assert.IsType<DiscoveredChart>(Resolver.Resolve(new ScrapedChart("POPS＆ANIME", " ", ChartType.Dx, Difficulty.Master)));
    }

    [Fact]
    public void Chart_type_picks_the_std_or_dx_chart_of_one_song()
    {
        var std = Assert.IsType<KnownChart>(Resolver.Resolve(new ScrapedChart("niconico＆VOCALOID™", "ゴーストルール", ChartType.Std, Difficulty.Master)));
        var dx = Assert.IsType<KnownChart>(Resolver.Resolve(new ScrapedChart("niconico＆VOCALOID™", "ゴーストルール", ChartType.Dx, Difficulty.Master)));

        Assert.Same(std.Song, dx.Song);
        Assert.Equal((ChartType.Std, ChartType.Dx), (std.Chart.Type, dx.Chart.Type));
    }

    [Fact]
    public void A_chart_the_database_lacks_is_discovered_not_dropped()
    {
        var unknownSong = Assert.IsType<DiscoveredChart>(Resolver.Resolve(new ScrapedChart("maimai", "Brand New Song", ChartType.Dx, Difficulty.Basic)));
        var unknownChart = Assert.IsType<DiscoveredChart>(Resolver.Resolve(new ScrapedChart("maimai", "Link", ChartType.Std, Difficulty.ReMaster)));

        Assert.Equal("Brand New Song", unknownSong.Scraped.Title);
        Assert.Contains("no Std ReMaster chart", unknownChart.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://maimaidx-eng.com/maimai-mobile/img/Music/21d83321da86a7b8.png", "21d83321da86a7b8.png")]
    [InlineData("https://maimaidx-eng.com/maimai-mobile/img/Music/21d83321da86a7b8.png?ver=1", "21d83321da86a7b8.png")]
    [InlineData("https://maimaidx-eng.com/maimai-mobile/img/Music/", null)]
    [InlineData(null, null)]
    public void Jacket_file_comes_from_the_url(string? url, string? file) => Assert.Equal(file, ChartResolver.JacketFile(url));

    private static Song Song(string title, string genre, string image, params (ChartType Type, Difficulty Difficulty)[] charts) =>
        new(SongKeys.For(title, image), title, "artist", genre, 10000, null, image, null, true, null, null,
            [.. charts.Select(c => new Chart(c.Type, c.Difficulty, new Level(120), null, NoteCounts.Unknown, null))]);
}
