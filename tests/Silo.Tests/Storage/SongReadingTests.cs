using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Songs;
using Maimai.Testing;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>
/// otoge-db's title_kana becomes each song's reading, and the admin's song search finds a kanji title by its reading
/// typed in katakana or hiragana, while title and artist still match.
/// </summary>
public sealed class SongReadingTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [SharedTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Importing_the_real_lists_stores_readings_and_the_search_finds_a_kanji_title_by_its_reading(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var songs = new SongRepository(db.Database);
        await songs.ImportAsync(OtogeDbSongList.Load(SharedFolder.File("data", "otoge-db", "music-ex.json")), Region.Jp).WaitAsync(Timeout);
        await songs.ImportAsync(OtogeDbSongList.Load(SharedFolder.File("data", "otoge-db", "music-ex-intl.json")), Region.Intl).WaitAsync(Timeout);

        await using (var connection = await db.Database.OpenAsync().WaitAsync(Timeout))
        {
            // Every song of both lists has a title_kana, the nine intl-only songs included.
            Assert.Equal(1576L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM songs WHERE title_kana IS NOT NULL").WaitAsync(Timeout));
            Assert.Equal("センホンサクラ", await connection.ExecuteScalarAsync<string>("SELECT title_kana FROM songs WHERE title = '千本桜'").WaitAsync(Timeout));
        }

        var search = new SongEditRepository(db.Database, songs);
        async Task<List<string>> TitlesAsync(string text) =>
            [.. (await search.SearchAsync(new SongListQuery(Text: text, PageSize: 200)).WaitAsync(Timeout)).Songs.Select(s => s.Title)];

        Assert.Contains("千本桜", await TitlesAsync("センホンサクラ"));
        Assert.Contains("千本桜", await TitlesAsync("せんほんさくら"));
        // otoge-db's readings carry no voicing marks; the reading as said (ぼ, ざ) still finds it.
        Assert.Contains("千本桜", await TitlesAsync("せんぼんざくら"));
        Assert.Contains("千本桜", await TitlesAsync("黒うさp"));
        Assert.Contains("千本桜", await TitlesAsync("千本"));
        Assert.DoesNotContain("千本桜", await TitlesAsync("せんほんまつ"));
    }

    [Fact]
    public void Hiragana_folds_to_katakana_and_voicing_marks_come_off()
    {
        Assert.Equal("センボンザクラ ABC ヽヾ", TitleReading.ToKatakana("せんぼんざくら ABC ゝゞ"));
        Assert.Equal("センホンサクラ ハハ", TitleReading.WithoutVoicing("センボンザクラ バパ"));
    }
}
