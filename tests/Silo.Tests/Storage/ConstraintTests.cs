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
        var fetches = new FetchRepository(db.Database);

        var first = await StartAsync(fetches, user, Region.Intl);
        Assert.NotNull(first);
        Assert.Equal("node-a", first.NodeId);
        Assert.Null(await StartAsync(fetches, user, Region.Intl));
        Assert.NotNull(await StartAsync(fetches, user, Region.Jp));

        Assert.True(await fetches.MarkRunningAsync(first.Id, Now).WaitAsync(Timeout));
        Assert.Null(await StartAsync(fetches, user, Region.Intl));
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

        var second = await StartAsync(fetches, user, Region.Intl);
        Assert.NotNull(second);
        Assert.True(await fetches.FailAsync(second.Id, FetchErrorCode.TokenExpired, "The maimai DX NET token has expired.", Now).WaitAsync(Timeout));
        var failed = await fetches.GetAsync(user, second.Id).WaitAsync(Timeout);
        Assert.Equal(FetchState.Failed, failed?.State);
        Assert.Equal(FetchErrorCode.TokenExpired, failed?.ErrorCode);
        Assert.Equal("TOKEN_EXPIRED", await StoredErrorCodeAsync(db, second.Id));
        Assert.NotNull(await StartAsync(fetches, user, Region.Intl));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_start_inside_the_rate_limit_is_refused_and_a_refused_insert_does_not_spend_the_slot(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var fetches = new FetchRepository(db.Database);
        var minute = TimeSpan.FromMinutes(1);

        var first = Assert.IsType<FetchStart.Started>(await fetches.TryStartAsync(user, Region.Intl, "node-a", Now, minute).WaitAsync(Timeout));
        var limited = Assert.IsType<FetchStart.RateLimited>(await fetches.TryStartAsync(user, Region.Intl, "node-b", Now.AddSeconds(30), minute).WaitAsync(Timeout));
        Assert.Equal(Now + minute, limited.NextAllowedAt);

        // Past the minute while the first still runs: the index refuses, and the slot stays where the first put it.
        Assert.IsType<FetchStart.Conflict>(await fetches.TryStartAsync(user, Region.Intl, "node-b", Now.AddSeconds(61), minute).WaitAsync(Timeout));
        Assert.True(await fetches.FailAsync(first.Fetch.Id, FetchErrorCode.NodeLost, "lost", Now.AddSeconds(62)).WaitAsync(Timeout));
        var next = Assert.IsType<FetchStart.Started>(await fetches.TryStartAsync(user, Region.Intl, "node-b", Now.AddSeconds(62), minute).WaitAsync(Timeout));
        Assert.Equal("node-b", next.Fetch.NodeId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_fetch_failed_as_lost_keeps_its_progress_and_last_heartbeat_and_ends_once(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var fetches = new FetchRepository(db.Database);
        var fetch = await StartAsync(fetches, user, Region.Jp);
        Assert.NotNull(fetch);
        await fetches.MarkRunningAsync(fetch.Id, Now).WaitAsync(Timeout);
        await fetches.ReportProgressAsync(fetch.Id, FetchStage.Scores, 3, 6, Now.AddSeconds(10)).WaitAsync(Timeout);

        Assert.True(await fetches.FailAsync(fetch.Id, FetchErrorCode.NodeLost, FetchErrors.NodeLostMessage, Now.AddSeconds(20)).WaitAsync(Timeout));
        Assert.False(await fetches.FailAsync(fetch.Id, FetchErrorCode.NodeLost, FetchErrors.NodeLostMessage, Now.AddSeconds(21)).WaitAsync(Timeout));
        Assert.False(await fetches.ReportProgressAsync(fetch.Id, FetchStage.Scores, 4, 6, Now.AddSeconds(22)).WaitAsync(Timeout));
        var failed = await fetches.GetAsync(user, fetch.Id).WaitAsync(Timeout);
        Assert.Equal(FetchState.Failed, failed?.State);
        Assert.Equal(FetchErrorCode.NodeLost, failed?.ErrorCode);
        Assert.Equal("NODE_LOST", await StoredErrorCodeAsync(db, fetch.Id));
        Assert.Equal(3, failed?.PagesDone);
        Assert.Equal(Now.AddSeconds(10), failed?.HeartbeatAt);
        Assert.Equal(Now.AddSeconds(20), failed?.FinishedAt);
        Assert.Empty(await fetches.ListActiveAsync().WaitAsync(Timeout));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_queued_fetches_have_their_lease_renewed_by_the_queue(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var fetches = new FetchRepository(db.Database);
        var renewed = await StartAsync(fetches, await db.AddUserAsync("1"), Region.Intl);
        var forgotten = await StartAsync(fetches, await db.AddUserAsync("2"), Region.Intl);
        var running = await StartAsync(fetches, await db.AddUserAsync("3"), Region.Intl);
        Assert.True(await fetches.MarkRunningAsync(running!.Id, Now).WaitAsync(Timeout));

        // Only pending rows are renewed: the running one keeps its own heartbeat.
        Assert.Equal(1, await fetches.HeartbeatPendingAsync([renewed!.Id, running.Id], Now.AddSeconds(25)).WaitAsync(Timeout));
        Assert.Equal(Now, (await fetches.GetAsync(running.UserId, running.Id).WaitAsync(Timeout))?.HeartbeatAt);
        Assert.Equal(Now.AddSeconds(25), (await fetches.GetAsync(renewed.UserId, renewed.Id).WaitAsync(Timeout))?.HeartbeatAt);
        Assert.Null((await fetches.GetAsync(forgotten!.UserId, forgotten.Id).WaitAsync(Timeout))?.HeartbeatAt);
        Assert.Equal([renewed.Id, forgotten.Id, running.Id], (await fetches.ListActiveAsync().WaitAsync(Timeout)).Select(f => f.Id).Order());
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

        var stored = await plays.ListAsync(user, Region.Intl, long.MaxValue, long.MaxValue, int.MaxValue, 10).WaitAsync(Timeout);
        Assert.Equal([3, 2, 1], stored.Select(p => p.Track));
        Assert.Equal(990_000, stored[1].Achievement.TenThousandths);
        Assert.Equal(judgements, stored[0].Judgements);
        Assert.Equal([(1_735_787_045L, 3), (1_735_787_045L, 2), (1_735_787_045L, 1)], await plays.ListKeysAsync(user, Region.Intl, 10).WaitAsync(Timeout));

        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("""
            INSERT INTO detailed_scores (user_id, region, played_at, track, title, chart_type, difficulty, achievement, dx_score, combo_lamp, sync_lamp, created_at)
            VALUES (@User, 1, 1735787045, 1, 'x', 2, 3, 0, 0, 0, 0, @Now)
            """, new { User = user, Now }).WaitAsync(Timeout));
    }

    // The stored text stays as rows written before the enum have it.
    private static async Task<string?> StoredErrorCodeAsync(TestDatabase db, long fetchId)
    {
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<string?>("SELECT error_code FROM fetch_sessions WHERE id = @Id", new { Id = fetchId }).WaitAsync(Timeout);
    }

    private static async Task<FetchRow?> StartAsync(FetchRepository fetches, long user, Region region) =>
        await fetches.TryStartAsync(user, region, "node-a", Now, TimeSpan.Zero).WaitAsync(Timeout) is FetchStart.Started started ? started.Fetch : null;
}
