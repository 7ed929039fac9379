using System.Data.Common;
using System.Net.Sockets;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Maimai.Silo.Storage;

/// <summary>
/// Opens the configured database and brings its schema up to date. Every way this can fail for a reason the
/// operator can fix becomes a <see cref="StorageStartupException"/> with one line saying what to fix.
/// </summary>
public static class StorageStartup
{
    /// <summary>Reads section "Storage" into options.</summary>
    public static StorageOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
    }

    /// <summary>Builds the database from options; a bad provider or connection string is a <see cref="StorageStartupException"/>.</summary>
    public static Database CreateDatabase(StorageOptions options) => Translate(null, () => Database.FromOptions(options));

    /// <summary>Builds the database from options, checks it is ours (or empty), and applies pending migrations.</summary>
    public static async Task<(Database Database, IReadOnlyList<Migration> Applied)> InitializeAsync(StorageOptions options, CancellationToken cancellationToken = default)
    {
        var database = CreateDatabase(options);
        return (database, await MigrateAsync(database, cancellationToken));
    }

    /// <summary>Checks the database is ours (or empty) and applies pending migrations; returns what it applied.</summary>
    public static async Task<IReadOnlyList<Migration>> MigrateAsync(Database database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        try
        {
            await EnsureOursAsync(database, cancellationToken);
            return await new MigrationRunner(database).ApplyAsync(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (Describe(database, e) is { } message)
        {
            throw new StorageStartupException(message, e);
        }
    }

    /// <summary>A database holding tables but no schema_migrations belongs to something else: refuse to write into it.</summary>
    private static async Task EnsureOursAsync(Database database, CancellationToken cancellationToken)
    {
        var sql = database.Dialect.Provider == StorageProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        await using var connection = await database.OpenAsync(cancellationToken);
        var tables = (await connection.QueryAsync<string>(new CommandDefinition(sql, cancellationToken: cancellationToken))).ToList();
        if (tables.Count > 0 && !tables.Contains("schema_migrations", StringComparer.Ordinal))
        {
            throw new StorageStartupException(
                $"The {Where(database)} holds other tables ({string.Join(", ", tables.Take(3))}) and no schema_migrations: it is not a maimai database; point Storage:ConnectionString at a new or empty one.");
        }
    }

    private static T Translate<T>(Database? database, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not StorageStartupException && Describe(database, e) is { } message)
        {
            throw new StorageStartupException(message, e);
        }
    }

    /// <summary>One line for a failure the operator can fix, or null for a bug (which keeps its stack trace).</summary>
    private static string? Describe(Database? database, Exception e) => e switch
    {
        StorageStartupException s => s.Message,
        SqliteException { SqliteErrorCode: 26 or 11 } =>
            $"The {Where(database)} is not a SQLite database or is corrupt: move it away or point Storage:ConnectionString at another file.",
        SqliteException { SqliteErrorCode: 14 or 8 or 23 } s =>
            $"Cannot open the {Where(database)} ({s.Message}): check the path and its permissions in Storage:ConnectionString.",
        PostgresException p =>
            $"PostgreSQL refused {Where(database)}: {p.MessageText} (SQLSTATE {p.SqlState}); check Storage:ConnectionString.",
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } or NpgsqlException { IsTransient: true } =>
            $"Cannot reach PostgreSQL at {Where(database)}: {e.Message}; check Storage:ConnectionString and that the server is running.",
        ArgumentException =>
            $"Storage:ConnectionString is not valid: {e.Message}",
        UnauthorizedAccessException or IOException =>
            $"Cannot use the {Where(database)}: {e.Message}",
        DbException when database is not null =>
            $"The {Where(database)} failed at start-up: {e.Message}",
        _ => null,
    };

    private static string Where(Database? database)
    {
        if (database is null)
        {
            return "configured database";
        }

        try
        {
            if (database.Dialect.Provider == StorageProvider.Sqlite)
            {
                return $"SQLite file '{Path.GetFullPath(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource)}'";
            }

            var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            return $"{builder.Host}:{builder.Port} database '{builder.Database}'";
        }
        catch (ArgumentException)
        {
            return "configured database";
        }
    }
}
