using Dapper;
using Maimai.Silo.Songs;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Tests.Songs;

/// <summary>The in-memory songs library: kept until invalidated or the refresh interval passes (a fake clock drives the timer).</summary>
public sealed class SongQueriesTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_library_is_reloaded_after_Invalidate_and_after_the_refresh_interval()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres", postgres);
        await db.AddChartsAsync(10);
        var clock = new ManualTimeProvider();
        using var songs = new SongQueries(new SongLibraryLoader(db.Database), clock, Options.Create(new SongQueryOptions { RefreshInterval = TimeSpan.FromHours(24) }));

        var first = await songs.GetLibraryAsync(default).AsTask().WaitAsync(Timeout);
        Assert.Equal((1, 10), (first.Songs.Count, first.ChartCount));
        await db.AddChartsAsync(10);
        Assert.Same(first, await songs.GetLibraryAsync(default).AsTask().WaitAsync(Timeout));

        songs.Invalidate();
        var second = await songs.GetLibraryAsync(default).AsTask().WaitAsync(Timeout);
        Assert.Equal(2, second.Songs.Count);

        await using (var connection = await db.Database.OpenAsync().WaitAsync(Timeout))
        {
            await connection.ExecuteAsync("UPDATE songs SET title = 'Renamed' WHERE id = (SELECT MIN(id) FROM songs)").WaitAsync(Timeout);
        }

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Same(second, await songs.GetLibraryAsync(default).AsTask().WaitAsync(Timeout));
        clock.Advance(TimeSpan.FromHours(1));
        var third = await songs.GetLibraryAsync(default).AsTask().WaitAsync(Timeout);
        Assert.Contains(third.Songs, s => s.Title == "Renamed");
    }
}
