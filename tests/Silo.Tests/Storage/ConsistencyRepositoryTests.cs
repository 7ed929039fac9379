using Dapper;
using Maimai.Core.Game;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Consistency;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>
/// The consistency check after a fault: a clean database passes every check; each kind of inconsistency, seeded
/// into an otherwise clean PostgreSQL database, is found by its own check and by no other.
/// </summary>
public sealed class ConsistencyRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    private static readonly string[] KindNames =
    [
        "fetch_unfinished", "fetch_failed_without_code", "fetch_completed_without_end", "fetch_duplicate_active", "snapshot_partial",
        "snapshot_missing", "score_version_misplaced", "score_version_repeated", "play_duplicated", "play_detail_lost", "play_lost",
        "auto_refresh_missing",
    ];

    public static TheoryData<string> Kinds => new(KindNames);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_database_of_finished_fetches_passes_every_check(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var seed = await SeedCleanAsync(db);

        var report = await CheckAsync(db, seed, settled: true);

        Assert.True(report.IsClean, Describe(report));
        Assert.Equal(KindNames, report.Checks.Select(c => c.Name));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_seeded_inconsistency_is_found_by_its_check_alone(string kind)
    {
        await using var db = await TestDatabase.CreateAsync("Postgres", postgres);
        var seed = await SeedCleanAsync(db);
        Assert.True((await CheckAsync(db, seed, settled: false)).IsClean);

        await BreakAsync(db, seed, kind);
        var report = await CheckAsync(db, seed, settled: false);

        Assert.False(report.IsClean);
        Assert.All(report.Checks, c => Assert.Equal(c.Name == kind ? 1 : 0, c.Count));
    }

    [Fact]
    public async Task A_running_fetch_within_its_lease_passes_until_the_load_is_said_to_have_stopped()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres", postgres);
        var seed = await SeedCleanAsync(db);
        await ExecuteAsync(db, "INSERT INTO fetch_sessions (user_id, region, state, created_at, heartbeat_at) VALUES (@User, 2, 'running', @Now, @Now)",
            new { seed.User, Now = Now.AddSeconds(-5) });

        Assert.True((await CheckAsync(db, seed, settled: false)).IsClean);
        var settled = await CheckAsync(db, seed, settled: true);
        Assert.Equal(1, settled.Checks.Single(c => c.Name == "fetch_unfinished").Count);
    }

    private static Task<ConsistencyReport> CheckAsync(TestDatabase db, Seed seed, bool settled) =>
        new ConsistencyRepository(db.Database).CheckAsync(
            new ConsistencyExpectations(Now, TimeSpan.FromMinutes(2), settled, [(seed.User, Region.Intl)])).WaitAsync(Timeout);

    private static string Describe(ConsistencyReport report) => string.Join("; ", report.Checks.Where(c => c.Count != 0).Select(c => $"{c.Name}={c.Count}"));

    private sealed record Seed(long User, long Fetch, long Snapshot, IReadOnlyList<int> Charts);

    /// <summary>
    /// What a finished first fetch and a second one leave: two completed fetches, each naming its snapshot; versions
    /// that changed between them; a failed fetch with its code; a play with its detail read and one still queued;
    /// the user's auto-refresh reminder.
    /// </summary>
    private static async Task<Seed> SeedCleanAsync(TestDatabase db)
    {
        var user = await db.AddUserAsync().WaitAsync(Timeout);
        var charts = await db.AddChartsAsync(3).WaitAsync(Timeout);
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        long snapshot = 0, fetch = 0;
        for (var seq = 1; seq <= 2; seq++)
        {
            fetch = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO fetch_sessions (user_id, region, state, created_at, finished_at) VALUES (@User, 1, 'running', @Now, @Now) RETURNING id",
                new { User = user, Now }).WaitAsync(Timeout);
            snapshot = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO user_snapshots (user_id, region, seq, taken_at, fetch_id, player_name) VALUES (@User, 1, @Seq, @Now, @Fetch, 'PLAYER') RETURNING id",
                new { User = user, Seq = seq, Now, Fetch = fetch }).WaitAsync(Timeout);
            await connection.ExecuteAsync("UPDATE fetch_sessions SET state = 'completed', snapshot_id = @Snapshot WHERE id = @Fetch",
                new { Snapshot = snapshot, Fetch = fetch }).WaitAsync(Timeout);
            foreach (var chart in seq == 1 ? charts : charts.Take(1))
            {
                await InsertVersionAsync(connection, user, chart, seq, snapshot, achievement: 970000 + seq);
            }
        }

        await connection.ExecuteAsync("""
            INSERT INTO fetch_sessions (user_id, region, state, created_at, finished_at, error_code, error_message)
            VALUES (@User, 1, 'failed', @Now, @Now, 'NODE_LOST', 'The server running the fetch stopped.')
            """, new { User = user, Now }).WaitAsync(Timeout);
        await InsertPlayAsync(connection, user, playedAt: 1_765_000_000, pending: false);
        await InsertPlayAsync(connection, user, playedAt: 1_765_000_100, pending: true);
        await InsertQueuedPlayAsync(connection, user, playedAt: 1_765_000_100, fetch);
        await connection.ExecuteAsync("""
            INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES ('maimai', @GrainId, 'auto-refresh', @Now, 3600000, 7, 1)
            """, new { GrainId = "autorefresh/" + GrainIdKeyExtensions.CreateIntegerKey(user, "intl"), Now }).WaitAsync(Timeout);
        return new Seed(user, fetch, snapshot, charts);
    }

    private static async Task BreakAsync(TestDatabase db, Seed seed, string kind)
    {
        var user = seed.User;
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        switch (kind)
        {
            case "fetch_unfinished":
                await connection.ExecuteAsync("INSERT INTO fetch_sessions (user_id, region, state, created_at, heartbeat_at) VALUES (@User, 1, 'running', @At, @At)",
                    new { User = user, At = Now.AddMinutes(-10) }).WaitAsync(Timeout);
                break;
            case "fetch_failed_without_code":
                await connection.ExecuteAsync("INSERT INTO fetch_sessions (user_id, region, state, created_at, finished_at) VALUES (@User, 1, 'failed', @Now, @Now)",
                    new { User = user, Now }).WaitAsync(Timeout);
                break;
            case "fetch_completed_without_end":
                await connection.ExecuteAsync("UPDATE fetch_sessions SET finished_at = NULL WHERE id = @Fetch", new { seed.Fetch }).WaitAsync(Timeout);
                break;
            case "fetch_duplicate_active":
                // The partial unique index refuses this; the check must find it even where that index went missing.
                await connection.ExecuteAsync("DROP INDEX fetch_sessions_one_active").WaitAsync(Timeout);
                await connection.ExecuteAsync(
                    "INSERT INTO fetch_sessions (user_id, region, state, created_at, heartbeat_at) VALUES (@User, 2, 'running', @Now, @Now), (@User, 2, 'pending', @Now, @Now)",
                    new { User = user, Now }).WaitAsync(Timeout);
                break;
            case "snapshot_partial":
                var fetch = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO fetch_sessions (user_id, region, state, created_at, finished_at, error_code, error_message) VALUES (@User, 1, 'failed', @Now, @Now, 'NETWORK', 'x') RETURNING id",
                    new { User = user, Now }).WaitAsync(Timeout);
                await connection.ExecuteAsync("INSERT INTO user_snapshots (user_id, region, seq, taken_at, fetch_id, player_name) VALUES (@User, 1, 3, @Now, @Fetch, 'PLAYER')",
                    new { User = user, Now, Fetch = fetch }).WaitAsync(Timeout);
                break;
            case "snapshot_missing":
                await connection.ExecuteAsync(
                    "INSERT INTO fetch_sessions (user_id, region, state, created_at, finished_at, snapshot_id) VALUES (@User, 1, 'completed', @Now, @Now, @Missing)",
                    new { User = user, Now, Missing = seed.Snapshot + 1000 }).WaitAsync(Timeout);
                break;
            case "score_version_misplaced":
                await InsertVersionAsync(connection, user, seed.Charts[1], seq: 3, seed.Snapshot, achievement: 990000);
                break;
            case "score_version_repeated":
                await InsertVersionAsync(connection, user, seed.Charts[1], seq: 2, seed.Snapshot, achievement: 970001);
                break;
            case "play_duplicated":
                await connection.ExecuteAsync("ALTER TABLE detailed_scores DROP CONSTRAINT detailed_scores_user_id_region_played_at_track_key").WaitAsync(Timeout);
                await InsertPlayAsync(connection, user, playedAt: 1_765_000_000, pending: false);
                break;
            case "play_detail_lost":
                await InsertPlayAsync(connection, user, playedAt: 1_765_000_200, pending: true);
                break;
            case "play_lost":
                await InsertQueuedPlayAsync(connection, user, playedAt: 1_765_000_300, seed.Fetch);
                break;
            case "auto_refresh_missing":
                await connection.ExecuteAsync("DELETE FROM OrleansRemindersTable WHERE ReminderName = 'auto-refresh'").WaitAsync(Timeout);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static Task ExecuteAsync(TestDatabase db, string sql, object parameters) => Task.Run(async () =>
    {
        await using var connection = await db.Database.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }).WaitAsync(Timeout);

    private static Task<int> InsertVersionAsync(System.Data.Common.DbConnection connection, long user, int chart, int seq, long snapshot, int achievement) =>
        connection.ExecuteAsync("""
            INSERT INTO user_scores (user_id, region, chart_id, snapshot_seq, snapshot_id, achievement, dx_score, combo_lamp, sync_lamp)
            VALUES (@User, 1, @Chart, @Seq, @Snapshot, @Achievement, 1500, 0, 0)
            """, new { User = user, Chart = chart, Seq = seq, Snapshot = snapshot, Achievement = achievement }).WaitAsync(Timeout);

    private static Task<int> InsertPlayAsync(System.Data.Common.DbConnection connection, long user, long playedAt, bool pending) =>
        connection.ExecuteAsync("""
            INSERT INTO detailed_scores (user_id, region, played_at, track, title, chart_type, difficulty, achievement, dx_score, combo_lamp,
                                         sync_lamp, detail_pending, created_at)
            VALUES (@User, 1, @PlayedAt, 1, 'Song', 2, 3, 1005000, 2000, 0, 0, @Pending, @Now)
            """, new { User = user, PlayedAt = playedAt, Pending = pending, Now }).WaitAsync(Timeout);

    private static Task<int> InsertQueuedPlayAsync(System.Data.Common.DbConnection connection, long user, long playedAt, long fetch) =>
        connection.ExecuteAsync("""
            INSERT INTO pending_play_details (user_id, region, played_at, track, playlog_idx, shown_at, title, chart_type, difficulty, queued_by)
            VALUES (@User, 1, @PlayedAt, 1, 'idx', @PlayedAt, 'Song', 2, 3, @Fetch)
            """, new { User = user, PlayedAt = playedAt, Fetch = fetch }).WaitAsync(Timeout);
}
