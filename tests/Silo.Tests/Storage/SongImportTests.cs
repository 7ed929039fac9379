using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Songs;
using Maimai.Testing;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>Imports the real otoge-db lists from ../shared into both providers.</summary>
public sealed class SongImportTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [SharedTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Importing_jp_then_intl_adds_everything_once_and_applies_intl_overrides(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var importer = new SongRepository(db.Database);
        var jp = OtogeDbSongList.Load(SharedFolder.File("data", "otoge-db", "music-ex.json"));
        var intl = OtogeDbSongList.Load(SharedFolder.File("data", "otoge-db", "music-ex-intl.json"));

        var first = await importer.ImportAsync(jp, Region.Jp).WaitAsync(Timeout);
        Assert.Equal(new SongImportResult(1567, 0, 6439, 0), first);
        Assert.Equal(0, (await importer.ImportAsync(jp, Region.Jp).WaitAsync(Timeout)).Changes);

        var intlFirst = await importer.ImportAsync(intl, Region.Intl).WaitAsync(Timeout);
        Assert.Equal(9, intlFirst.SongsAdded); // songs only on the international version
        Assert.Equal(23, intlFirst.ChartsAdded);
        Assert.Equal(0, (await importer.ImportAsync(intl, Region.Intl).WaitAsync(Timeout)).Changes);
        Assert.Equal(0, (await importer.ImportAsync(jp, Region.Jp).WaitAsync(Timeout)).Changes);

        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        Assert.Equal(1576, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM songs").WaitAsync(Timeout));
        Assert.Equal(6462, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM charts").WaitAsync(Timeout));

        // 劣等上等 arrived on the international version later (version 23002) than in Japan (21009).
        var versions = await connection.QuerySingleAsync<(long Version, long IntlVersion)>(
            "SELECT version_code, intl_version_code FROM songs WHERE title = '劣等上等'").WaitAsync(Timeout);
        Assert.Equal((21009L, 23002L), versions);

        // The intl list's levels become the intl override columns.
        var master = await connection.QuerySingleAsync<(long Level, long Internal, long IntlLevel, long IntlInternal)>("""
            SELECT c.level_x10, c.internal_level_x10, c.intl_level_x10, c.intl_internal_level_x10
            FROM charts c JOIN songs s ON s.id = c.song_id
            WHERE s.title = 'True Love Song' AND c.chart_type = 1 AND c.difficulty = 3
            """).WaitAsync(Timeout);
        Assert.Equal((120L, 124L, 120L, 124L), master);

        // A song only the intl list has is still added, with the intl list's version (its intl flag is "0" there).
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM songs WHERE title = 'ブリキノダンス' AND version_code = 19504 AND intl_version_code = 19504").WaitAsync(Timeout));
    }

    [SharedTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Missing_internal_levels_stay_null_and_utage_charts_are_difficulty_10(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        await new SongRepository(db.Database).ImportAsync(OtogeDbSongList.Load(SharedFolder.File("data", "otoge-db", "music-ex.json")), Region.Jp).WaitAsync(Timeout);
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);

        // 前前前世 STD BASIC has displayed level 4 and no measured internal level.
        var basic = await connection.QuerySingleAsync<(long Level, long? Internal)>("""
            SELECT c.level_x10, c.internal_level_x10 FROM charts c JOIN songs s ON s.id = c.song_id
            WHERE s.title = '前前前世' AND c.chart_type = 1 AND c.difficulty = 0
            """).WaitAsync(Timeout);
        Assert.Equal((40L, (long?)null), basic);

        Assert.Equal(91L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM charts WHERE difficulty = 10").WaitAsync(Timeout));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM charts WHERE difficulty = 10 AND internal_level_x10 IS NOT NULL").WaitAsync(Timeout));
        Assert.Equal(22L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM songs WHERE is_buddy = @True", new { True = true }).WaitAsync(Timeout));

        // Five utage songs share title and jacket; their comments keep them apart.
        var wonderland = (await connection.QueryAsync<long>("""
            SELECT c.level_x10 FROM charts c JOIN songs s ON s.id = c.song_id
            WHERE s.title = '[宴]Wonderland Wars　オープニング' AND c.difficulty = 10 ORDER BY c.level_x10
            """).WaitAsync(Timeout)).ToList();
        Assert.Equal([100L, 110L, 120L, 130L, 140L], wonderland);
    }
}
