using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Player;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// Utage Buddy plays: the simulator shows the record's utage badge with the Buddy icon on a Buddy chart, the fetch
/// stores the flag beside the play (migration 0016 on both providers), and the plays read back with it.
/// </summary>
public sealed class FetchBuddyTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_buddy_play_is_stored_as_buddy_and_a_plain_utage_play_is_not()
    {
        // Nine utage songs: the seeded catalog has Buddy charts and plain ones among them.
        await using var world = await FetchWorld.CreateAsync(postgres, o => o.UtageCount = 9);
        var songs = world.Simulator.Snapshot().Songs;
        var buddy = songs.First(s => s.IsUtage && s.Charts[0].IsBuddy);
        var plain = songs.First(s => s.IsUtage && !s.Charts[0].IsBuddy);
        var added = world.Simulator.AddPlays([new PlayRequest(buddy.Id, Difficulty.Utage), new PlayRequest(plain.Id, Difficulty.Utage)]);
        var node = await world.StartNodeAsync();

        var fetch = await node.FetchToEndAsync(world.UserId, world.Region);

        Assert.True(fetch.State == FetchState.Completed, $"{fetch.ErrorCode}: {fetch.ErrorMessage}\n{node.Logs}");
        var site = world.Simulator.Snapshot();
        var plays = await new RecentPlayRepository(world.Database).ListAsync(world.UserId, world.Region, long.MaxValue, long.MaxValue, int.MaxValue, 100).WaitAsync(Timeout);
        Assert.Equal(site.Recent.Count, plays.Count);
        var expected = site.Recent.Select(p => (p.UnixTime, p.Track, site.Songs[p.SongId].Find(p.Difficulty)!.IsBuddy)).Order().ToList();
        Assert.Equal(expected, plays.Select(p => (p.PlayedAt, p.Track, p.IsBuddy)).Order().ToList());
        Assert.True(plays.Single(p => p.PlayedAt == added[0].UnixTime && p.Track == added[0].Track).IsBuddy, "the play on the Buddy chart");
        Assert.False(plays.Single(p => p.PlayedAt == added[1].UnixTime && p.Track == added[1].Track).IsBuddy, "the play on the plain utage chart");
        Assert.All(plays, p => Assert.False(p.DetailPending)); // the detail pages were read too, and kept the flag
        Assert.Empty(node.Logs.Errors);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_buddy_flag_is_kept_on_both_providers_and_a_detail_page_can_only_add_it(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var plays = new RecentPlayRepository(db.Database);
        RecentPlay Play(int track, bool buddy) => new(
            1_735_787_045, track, null, "ふたりでバディ", ChartType.Dx, Difficulty.Utage, new Achievement(1_008_123), 3012, 3210,
            ComboLamp.None, SyncLamp.None, null, null, null, null, null, null, null, null, null, DetailPending: true, IsBuddy: buddy);

        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            Assert.Equal(3, await plays.InsertNewAsync(transaction, user, Region.Intl, [Play(1, true), Play(2, false), Play(3, false)], DateTimeOffset.UnixEpoch).WaitAsync(Timeout));
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        // Track 2's detail page shows the Buddy icon (the record missed it); track 1's detail shows none.
        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            Assert.True(await plays.FillDetailAsync(transaction, user, Region.Intl, Play(2, true) with { Fast = 1, Late = 2 }).WaitAsync(Timeout));
            Assert.True(await plays.FillDetailAsync(transaction, user, Region.Intl, Play(1, false) with { Fast = 3, Late = 4 }).WaitAsync(Timeout));
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        var stored = await plays.ListAsync(user, Region.Intl, long.MaxValue, long.MaxValue, int.MaxValue, 10).WaitAsync(Timeout);
        Assert.Equal([(3, false), (2, true), (1, true)], stored.Select(p => (p.Track, p.IsBuddy)));
    }
}
