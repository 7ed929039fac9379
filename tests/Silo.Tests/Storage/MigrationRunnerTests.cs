using Dapper;
using Maimai.Silo.Storage;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

public sealed class MigrationRunnerTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Applying_twice_applies_nothing_the_second_time(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres, migrate: false);
        var runner = new MigrationRunner(db.Database);

        var first = await runner.ApplyAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var second = await runner.ApplyAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(MigrationRunner.Embedded(db.Database.Dialect).Select(m => m.Version), first.Select(m => m.Version));
        Assert.NotEmpty(first);
        Assert.Empty(second);
        await using var connection = await db.Database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var applied = await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(first.Select(m => m.Version), applied);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_table_of_the_schema_exists(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        await using var connection = await db.Database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        string[] tables =
        [
            "users", "user_tokens", "fetch_sessions", "user_snapshots", "songs", "charts", "user_scores",
            "detailed_scores", "api_tokens", "user_region_state", "admin_audit", "schema_migrations", "songs_revision",
            "OrleansQuery", "OrleansStorage", "OrleansRemindersTable",
            .. provider == "Postgres" ? new[] { "OrleansMembershipVersionTable", "OrleansMembershipTable" } : [],
        ];
        foreach (var table in tables)
        {
            var rows = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}").WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(rows >= 0, table);
        }
    }

    [Fact]
    public void Both_providers_have_the_same_migration_numbers()
    {
        Assert.Equal(
            MigrationRunner.Embedded(PostgresDialect.Instance).Select(m => (m.Version, m.Name)),
            MigrationRunner.Embedded(SqliteDialect.Instance).Select(m => (m.Version, m.Name)));
    }
}
