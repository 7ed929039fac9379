using System.Globalization;
using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;

namespace Maimai.Silo.Tests.Api;

[Collection(ApiGroup.Name)]
public sealed class SongServiceTests(ApiFixture api)
{
    [Fact]
    public async Task ListSongs_searches_width_and_case_insensitively_and_filters_by_chart()
    {
        var width = (await CallAsync<ListSongsResponse>("ListSongs", new ListSongsRequest { Query = "full width" })).Response;
        Assert.Equal("ＦＵＬＬ Ｗｉｄｔｈ", Assert.Single(width.Songs).Title);

        var masters = (await CallAsync<ListSongsResponse>("ListSongs", new ListSongsRequest
        {
            Difficulty = Difficulty.Master,
            ChartType = ChartType.Std,
        })).Response;
        Assert.Equal(["Bravo"], masters.Songs.Select(s => s.Title));

        var intl = (await CallAsync<ListSongsResponse>("ListSongs", new ListSongsRequest { Region = Region.Intl, Level = new LevelRange { MinX10 = 140 } })).Response;
        Assert.Equal(["Alpha"], intl.Songs.Select(s => s.Title));
        var jp = (await CallAsync<ListSongsResponse>("ListSongs", new ListSongsRequest { Region = Region.Jp, Level = new LevelRange { MinX10 = 140 } })).Response;
        Assert.Empty(jp.Songs);

        var version = (await CallAsync<ListSongsResponse>("ListSongs", new ListSongsRequest { Version = "CiRCLE" })).Response;
        Assert.Equal(["Bravo"], version.Songs.Select(s => s.Title));
    }

    [Fact]
    public async Task ListSongs_pages_in_title_order()
    {
        var titles = new List<string>();
        var request = new ListSongsRequest { PageSize = 1 };
        do
        {
            var page = (await CallAsync<ListSongsResponse>("ListSongs", request)).Response;
            titles.AddRange(page.Songs.Select(s => s.Title));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        Assert.Equal(["Alpha", "Bravo", "ＦＵＬＬ Ｗｉｄｔｈ"], titles);
    }

    [Fact]
    public async Task GetSong_returns_the_charts_in_order_with_intl_differences()
    {
        var song = (await CallAsync<GetSongResponse>("GetSong", new GetSongRequest { SongId = api.Chart.AlphaSong.ToString(CultureInfo.InvariantCulture) })).Response.Song;
        Assert.Equal(("Alpha", "Artist A", "POPS＆アニメ", "PRiSM", 150), (song.Title, song.Artist, song.Genre, song.Version, song.Bpm));
        Assert.Equal([Region.Intl, Region.Jp], song.Regions);
        Assert.Equal([Difficulty.Basic, Difficulty.Expert, Difficulty.Master], song.Charts.Select(c => c.Difficulty));
        var master = song.Charts[2];
        Assert.Equal((137, 139, 140), (master.LevelX10, master.InternalLevelX10, master.Intl.LevelX10));
        Assert.Null(song.Charts[0].Intl);
        Assert.Equal(600, song.Charts[0].NoteCounts.Total);

        var bravo = (await CallAsync<GetSongResponse>("GetSong", new GetSongRequest { SongId = api.Chart.BravoSong.ToString(CultureInfo.InvariantCulture) })).Response.Song;
        Assert.False(bravo.Charts[0].Intl.Available);

        Assert.Equal(5, (await CallAsync<GetSongResponse>("GetSong", new GetSongRequest { SongId = "not-an-id" })).Status);
        Assert.Equal(3, (await CallAsync<GetSongResponse>("GetSong", new GetSongRequest())).Status);
    }

    private Task<CallResult<T>> CallAsync<T>(string method, IMessage request)
        where T : IMessage<T>, new() =>
        api.Client(api.Alice).CallAsync<T>("/maimai.v1.SongService/" + method, request).WaitAsync(ApiFixture.Timeout);
}
