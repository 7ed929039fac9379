using Dapper;
using Maimai.Silo.Storage;
using Maimai.Testing.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Maimai.Silo.Tests.Storage;

/// <summary>
/// Real failures of a real PostgreSQL (its own cluster, stopped and restarted here): the database being away is
/// transient, a bad statement is not, and a crash restart keeps every transaction that was reported committed.
/// </summary>
public sealed class StorageFailuresTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_crash_restart_keeps_every_committed_transaction()
    {
        await using var cluster = await PostgresCluster.StartAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var database = new Database(PostgresDialect.Instance, await cluster.CreateDatabaseAsync("durable").WaitAsync(Timeout));
        await ExecuteAsync(database, "CREATE TABLE kept (id int)");

        // Each insert is followed at once by a crash: with asynchronous commit, some of them were lost.
        for (var i = 1; i <= 3; i++)
        {
            await ExecuteAsync(database, $"INSERT INTO kept VALUES ({i})");
            await cluster.RestartAsync().WaitAsync(Timeout);
            ((NpgsqlDataSource)database.DataSource).Clear(); // its idle connections died with the server
            await using var connection = await database.OpenAsync().WaitAsync(Timeout);
            Assert.Equal(i, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM kept").WaitAsync(Timeout));
        }
    }

    [Fact]
    public async Task The_database_away_is_transient_and_a_bad_statement_is_not()
    {
        await using var cluster = await PostgresCluster.StartAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var database = new Database(PostgresDialect.Instance, await cluster.CreateDatabaseAsync("failures").WaitAsync(Timeout));
        await ExecuteAsync(database, "CREATE TABLE unique_ids (id int PRIMARY KEY); INSERT INTO unique_ids VALUES (1)");

        Assert.False(StorageFailures.IsTransient(await FailureAsync(() => ExecuteAsync(database, "SELEC 1"))));
        Assert.False(StorageFailures.IsTransient(await FailureAsync(() => ExecuteAsync(database, "INSERT INTO unique_ids VALUES (1)"))));

        // A connection that was open when the server went away, used after it is back: it died with the server.
        await using var held = await database.OpenAsync().WaitAsync(Timeout);
        await cluster.StopServerAsync().WaitAsync(Timeout);
        try
        {
            var unreachable = await FailureAsync(() => database.OpenAsync());
            Assert.True(StorageFailures.IsTransient(unreachable), unreachable.ToString());
        }
        finally
        {
            await cluster.StartServerAsync().WaitAsync(Timeout);
        }

        var died = await FailureAsync(() => held.ExecuteScalarAsync<int>("SELECT 1"));
        Assert.True(StorageFailures.IsTransient(died), died.ToString());
    }

    [Fact]
    public void Sqlite_busy_is_transient_and_a_constraint_is_not()
    {
        Assert.True(StorageFailures.IsTransient(new SqliteException("database is locked", 5)));
        Assert.False(StorageFailures.IsTransient(new SqliteException("constraint failed", 19)));
        Assert.False(StorageFailures.IsTransient(new InvalidOperationException("not a database failure")));
    }

    private static async Task ExecuteAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync().WaitAsync(Timeout);
        await connection.ExecuteAsync(sql).WaitAsync(Timeout);
    }

    private static async Task<Exception> FailureAsync(Func<Task> action) =>
        await Assert.ThrowsAnyAsync<Exception>(() => action().WaitAsync(Timeout));
}
