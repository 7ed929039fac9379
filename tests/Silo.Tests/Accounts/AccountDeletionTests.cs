using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Silo.Fetching;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Tests.Fetching;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>
/// Deleting a user leaves no row that refers to them in any table of the schema (<see cref="UserRowCensus"/>), leaves
/// another user's rows as they were, is audited, and is refused while a fetch of theirs runs.
/// </summary>
public sealed class AccountDeletionTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Taken = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deleted_user_leaves_no_row_in_any_table_and_another_users_rows_stay(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var charts = await db.AddChartsAsync(3);
        var doomed = await db.AddUserAsync("doomed");
        var neighbour = await db.AddUserAsync("neighbour");

        // A table a later migration might add, with a user_id column and no cascading foreign key at all.
        await using (var connection = await db.Database.OpenAsync().WaitAsync(Timeout))
        {
            await connection.ExecuteAsync("CREATE TABLE later_sessions (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, label TEXT NOT NULL)");
            await connection.ExecuteAsync("INSERT INTO later_sessions (id, user_id, label) VALUES (1, @Doomed, 'a'), (2, @Doomed, 'b'), (3, @Neighbour, 'c')", new { Doomed = doomed, Neighbour = neighbour });
        }

        foreach (var user in new[] { doomed, neighbour })
        {
            await SeedEverythingAsync(db.Database, user, charts);
        }

        // Past actions of both are in the audit log: the doomed user's stay, no longer naming them as actor.
        var removal = new SnapshotRemoval(db.Database, TimeProvider.System);
        await removal.DeleteAsync(doomed, await FirstSnapshotAsync(db.Database, doomed), AuditActor.User(doomed)).WaitAsync(Timeout);
        await removal.DeleteAsync(neighbour, await FirstSnapshotAsync(db.Database, neighbour), AuditActor.User(neighbour)).WaitAsync(Timeout);
        var before = await UserRowCensus.CountAsync(db.Database, doomed).WaitAsync(Timeout);
        var neighbourBefore = await UserRowCensus.CountAsync(db.Database, neighbour).WaitAsync(Timeout);
        foreach (var table in new[] { "users", "user_scores", "user_snapshots", "detailed_scores", "fetch_sessions", "user_tokens", "api_tokens", "user_region_state", "orleansstorage", "orleansreminderstable", "admin_audit", "later_sessions" })
        {
            Assert.True(before.ContainsKey(table), $"the seed has no {table} row: the test would prove nothing for it");
        }

        var admin = await db.AddUserAsync("admin");
        Assert.Equal(AccountDeletion.Deleted, await new UserDeletionRepository(db.Database).DeleteAsync(doomed, AuditActor.Admin(admin), Taken).WaitAsync(Timeout));

        Assert.Empty(await UserRowCensus.CountAsync(db.Database, doomed).WaitAsync(Timeout));
        Assert.Equal(neighbourBefore, await UserRowCensus.CountAsync(db.Database, neighbour).WaitAsync(Timeout));
        var audit = await new AuditRepository(db.Database).ListAsync(null, 10).WaitAsync(Timeout);
        Assert.Contains(audit, e => e is { Action: "delete", Entity: "user" } && e.EntityId == doomed.ToString(System.Globalization.CultureInfo.InvariantCulture) && e.Actor == AuditActor.Admin(admin));
        Assert.Contains(audit, e => e is { Entity: "snapshot", Actor.Kind: "user", Actor.UserId: null });
        Assert.Equal(AccountDeletion.NotFound, await new UserDeletionRepository(db.Database).DeleteAsync(doomed, AuditActor.Cli, Taken).WaitAsync(Timeout));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_with_a_running_fetch_is_not_deleted(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync("busy");
        await SeedEverythingAsync(db.Database, user, await db.AddChartsAsync(2));
        await using (var connection = await db.Database.OpenAsync().WaitAsync(Timeout))
        {
            await connection.ExecuteAsync("UPDATE fetch_sessions SET state = 'running', finished_at = NULL WHERE user_id = @User AND id = (SELECT MAX(id) FROM fetch_sessions WHERE user_id = @User)", new { User = user });
        }

        var before = await UserRowCensus.CountAsync(db.Database, user).WaitAsync(Timeout);
        Assert.Equal(AccountDeletion.FetchRunning, await new UserDeletionRepository(db.Database).DeleteAsync(user, AuditActor.User(user), Taken).WaitAsync(Timeout));
        Assert.Equal(before, await UserRowCensus.CountAsync(db.Database, user).WaitAsync(Timeout));
    }

    /// <summary>The real thing: two fetches by the UserRegion grain on a silo, then the account goes, grain state included.</summary>
    [Fact]
    public async Task A_user_whose_grain_fetched_twice_leaves_no_row_behind()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        await using var node = await world.StartNodeAsync();
        for (var i = 0; i < 2; i++)
        {
            var end = await node.FetchToEndAsync(world.UserId, world.Region).WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(end.State == FetchState.Completed, end.ErrorMessage);
            world.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        var other = await new UserRepository(world.Database).UpsertByDiscordIdAsync("other", "other", Taken).WaitAsync(Timeout);
        await SeedEverythingAsync(world.Database, other.Id, [await world.Database.OpenAsync().ContinueWith(async t => { await using var c = await t; return await c.ExecuteScalarAsync<int>("SELECT MIN(id) FROM charts"); }).Unwrap()]);
        var before = await UserRowCensus.CountAsync(world.Database, world.UserId).WaitAsync(Timeout);
        Assert.True(before.ContainsKey("orleansstorage"), "the grain wrote no state: " + string.Join(", ", before));
        Assert.True(before.GetValueOrDefault("user_snapshots") >= 2 && before.ContainsKey("user_scores") && before.ContainsKey("user_tokens"), string.Join(", ", before));
        var otherBefore = await UserRowCensus.CountAsync(world.Database, other.Id).WaitAsync(Timeout);

        var deletion = node.Services.GetRequiredService<UserDeletionRepository>();
        Assert.Equal(AccountDeletion.Deleted, await deletion.DeleteAsync(world.UserId, AuditActor.Cli, Taken).WaitAsync(Timeout));

        Assert.Empty(await UserRowCensus.CountAsync(world.Database, world.UserId).WaitAsync(Timeout));
        Assert.Equal(otherBefore, await UserRowCensus.CountAsync(world.Database, other.Id).WaitAsync(Timeout));
    }

    private static async Task<long> FirstSnapshotAsync(Database database, long userId)
    {
        await using var connection = await database.OpenAsync().WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM user_snapshots WHERE user_id = @User", new { User = userId });
    }

    // Snapshots with scores (and the fetches that made them), plays, both kinds of token, grain state and a reminder.
    private static async Task SeedEverythingAsync(Database database, long userId, IReadOnlyList<int> charts)
    {
        var scores = new ScoreRepository(database);
        await using (var connection = await database.OpenAsync().WaitAsync(Timeout))
        {
            for (var i = 0; i < 3; i++)
            {
                var fetchId = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO fetch_sessions (user_id, region, state, created_at, finished_at) VALUES (@User, 2, 'completed', @At, @At) RETURNING id",
                    new { User = userId, At = Taken.AddDays(i) });
                var written = await scores.WriteSnapshotAsync(database, new SnapshotWrite(userId, Region.Jp, Taken.AddDays(i), fetchId, new PlayerProfile("P"),
                    [.. charts.Select(c => new ChartScore(c, new Achievement(900_000 + (i * 1000)), 1, ComboLamp.None, SyncLamp.None, i + 1, null))])).WaitAsync(Timeout);
                await connection.ExecuteAsync("UPDATE fetch_sessions SET snapshot_id = @Snapshot WHERE id = @Id", new { Snapshot = written.SnapshotId, Id = fetchId });
            }

            await connection.ExecuteAsync("""
                INSERT INTO detailed_scores (user_id, region, played_at, track, chart_id, title, chart_type, difficulty, achievement, dx_score, combo_lamp, sync_lamp, created_at)
                VALUES (@User, 2, 1700000000, 1, NULL, 'Song', 1, 3, 1000000, 10, 0, 0, @At)
                """, new { User = userId, At = Taken });
            await connection.ExecuteAsync("INSERT INTO user_region_state (user_id, region, version) VALUES (@User, 2, 1)", new { User = userId });
            await connection.ExecuteAsync("""
                INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
                VALUES (1, 0, @User, 2, 'Maimai.Silo.Fetching.UserRegionGrain,Maimai.Silo.userRegion', 'jp', 'maimai', NULL, @At, 1)
                """, new { User = userId, At = Taken });
            await connection.ExecuteAsync("""
                INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
                VALUES ('maimai', @GrainId, 'refresh', @At, 60000, 7, 0)
                """, new { GrainId = $"userregion/{userId}+jp", At = Taken });

            // An auto-refresh schedule: its grain's state and reminder.
            await connection.ExecuteAsync("""
                INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
                VALUES (3, 0, @User, 4, 'Maimai.Silo.AutoRefresh.AutoRefreshGrain,Maimai.Silo.autoRefresh', 'jp', 'maimai', NULL, @At, 1)
                """, new { User = userId, At = Taken });
            await connection.ExecuteAsync("""
                INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
                VALUES ('maimai', @GrainId, 'auto-refresh', @At, 1800000, 9, 0)
                """, new { GrainId = $"autorefresh/{userId}+jp", At = Taken });
        }

        await new DxNetTokenRepository(database).SaveTokenAsync(userId, Region.Jp, [1, 2, 3], null, Taken).WaitAsync(Timeout);
        await new ApiTokenRepository(database).InsertAsync(userId, "t", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), "mdx_abcd", Taken).WaitAsync(Timeout);
    }
}
