using Dapper;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Silo.Fetching;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Plays;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>The constraints later work relies on: one active fetch per user and region; each recent play stored once.</summary>
public sealed class ConstraintTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_second_pending_or_running_fetch_is_refused_until_the_first_finishes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var fetches = new FetchSessionRepository(db.Database);

        var first = await fetches.TryCreatePendingAsync(user, Region.Intl, Now).WaitAsync(Timeout);
        Assert.NotNull(first);
        Assert.Null(await fetches.TryCreatePendingAsync(user, Region.Intl, Now).WaitAsync(Timeout));
        Assert.NotNull(await fetches.TryCreatePendingAsync(user, Region.Jp, Now).WaitAsync(Timeout));

        Assert.True(await fetches.MarkRunningAsync(first.Id, "node-a", Now).WaitAsync(Timeout));
        Assert.Null(await fetches.TryCreatePendingAsync(user, Region.Intl, Now).WaitAsync(Timeout));
        Assert.Equal(first.Id, (await fetches.GetActiveAsync(user, Region.Intl).WaitAsync(Timeout))?.Id);

        // The index itself refuses, not only the repository: a raw insert fails.
        await using (var connection = await db.Database.OpenAsync().WaitAsync(Timeout))
        {
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(
                "INSERT INTO fetch_sessions (user_id, region, state, created_at) VALUES (@User, 1, 'pending', @Now)",
                new { User = user, Now }).WaitAsync(Timeout));
        }

        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            Assert.True(await fetches.CompleteAsync(transaction, first.Id, null, Now).WaitAsync(Timeout));
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        var second = await fetches.TryCreatePendingAsync(user, Region.Intl, Now).WaitAsync(Timeout);
        Assert.NotNull(second);
        Assert.True(await fetches.FailAsync(second.Id, "TOKEN_EXPIRED", "The maimai DX NET token has expired.", Now).WaitAsync(Timeout));
        var failed = await fetches.GetAsync(user, second.Id).WaitAsync(Timeout);
        Assert.Equal(FetchState.Failed, failed?.State);
        Assert.Equal("TOKEN_EXPIRED", failed?.ErrorCode);
        Assert.NotNull(await fetches.TryCreatePendingAsync(user, Region.Intl, Now).WaitAsync(Timeout));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stale_running_fetch_is_failed_as_node_lost_by_the_lease_sweep(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var fetches = new FetchSessionRepository(db.Database);
        var store = new FetchStore(db.Database, fetches);
        var fetch = await fetches.TryCreatePendingAsync(user, Region.Jp, Now).WaitAsync(Timeout);
        Assert.NotNull(fetch);
        await fetches.MarkRunningAsync(fetch.Id, "node-a", Now).WaitAsync(Timeout);
        await fetches.ReportProgressAsync(fetch.Id, "scores", 3, 6, Now.AddSeconds(10)).WaitAsync(Timeout);

        Assert.Empty(await store.SweepLostAsync(Now.AddSeconds(5), Now.AddSeconds(20), CancellationToken.None).WaitAsync(Timeout));
        var swept = Assert.Single(await store.SweepLostAsync(Now.AddSeconds(11), Now.AddSeconds(20), CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(fetch.Id, swept.Id);
        var failed = await fetches.GetAsync(user, fetch.Id).WaitAsync(Timeout);
        Assert.Equal(FetchState.Failed, failed?.State);
        Assert.Equal(FetchErrors.NodeLost, failed?.ErrorCode);
        Assert.Equal(3, failed?.PagesDone);
        Assert.Equal(Now.AddSeconds(10), failed?.HeartbeatAt);
        Assert.Equal(Now.AddSeconds(20), failed?.FinishedAt);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_queued_fetch_whose_lease_is_renewed_is_not_swept_and_one_not_renewed_is(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var fetches = new FetchSessionRepository(db.Database);
        var store = new Silo.Fetching.FetchStore(db.Database, fetches);
        var renewed = await fetches.TryCreatePendingAsync(await db.AddUserAsync("1"), Region.Intl, Now).WaitAsync(Timeout);
        var forgotten = await fetches.TryCreatePendingAsync(await db.AddUserAsync("2"), Region.Intl, Now).WaitAsync(Timeout);
        var running = await fetches.TryCreatePendingAsync(await db.AddUserAsync("3"), Region.Intl, Now).WaitAsync(Timeout);
        Assert.True(await fetches.MarkRunningAsync(running!.Id, "node-a", Now).WaitAsync(Timeout));

        // Only pending rows are renewed: the running one keeps its own heartbeat.
        Assert.Equal(1, await store.HeartbeatQueuedAsync([renewed!.Id, running.Id], Now.AddSeconds(25), CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(Now, (await fetches.GetAsync(running.UserId, running.Id).WaitAsync(Timeout))?.HeartbeatAt);

        var swept = await store.SweepLostAsync(Now.AddSeconds(5), Now.AddSeconds(35), CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal([forgotten!.Id, running.Id], swept.Select(f => f.Id).Order());
        Assert.Equal(FetchState.Pending, (await fetches.GetAsync(renewed.UserId, renewed.Id).WaitAsync(Timeout))?.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_recent_play_is_stored_once(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var plays = new RecentPlayRepository(db.Database);
        var judgements = new PlayJudgements(new NoteJudgements(300, 20, 3, 1, 0), null, null, null, new NoteJudgements(10, 2, 0, 0, 1));
        RecentPlay Play(int track, int achievement) => new(
            1_735_787_045, track, null, "Link", ChartType.Dx, Difficulty.Master, new Achievement(achievement), 2000, 2400,
            ComboLamp.FullCombo, SyncLamp.None, 12, 8, "Some Arcade", judgements, 500, 500, null, null, 3);

        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            Assert.Equal(2, await plays.InsertNewAsync(transaction, user, Region.Intl, [Play(1, 1_000_000), Play(2, 990_000)], Now).WaitAsync(Timeout));
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            Assert.Equal(1, await plays.InsertNewAsync(transaction, user, Region.Intl, [Play(2, 1_005_000), Play(3, 970_000)], Now).WaitAsync(Timeout));
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        var stored = await plays.ListAsync(user, Region.Intl, 10).WaitAsync(Timeout);
        Assert.Equal([3, 2, 1], stored.Select(p => p.Track));
        Assert.Equal(990_000, stored[1].Achievement.TenThousandths);
        Assert.Equal(judgements, stored[0].Judgements);
        Assert.Equal([1_735_787_045L], await plays.KnownPlayTimesAsync(user, Region.Intl, 0).WaitAsync(Timeout));

        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("""
            INSERT INTO detailed_scores (user_id, region, played_at, track, title, chart_type, difficulty, achievement, dx_score, combo_lamp, sync_lamp, created_at)
            VALUES (@User, 1, 1735787045, 1, 'x', 2, 3, 0, 0, 0, 0, @Now)
            """, new { User = user, Now }).WaitAsync(Timeout));
    }
}
