using System.Data.Common;
using Maimai.Silo.Storage.Scores;

namespace Maimai.Silo.Storage;

/// <summary>The supported database engines.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// What differs between the providers; everything else is SQL written once (ON CONFLICT, RETURNING and
/// partial indexes behave the same in both).
/// </summary>
public abstract class SqlDialect
{
    public abstract StorageProvider Provider { get; }

    /// <summary>The folder of embedded migrations, under Storage/Migrations.</summary>
    public abstract string MigrationFolder { get; }

    /// <summary>The data source that owns the connection pool: one per database per process.</summary>
    public abstract DbDataSource CreateDataSource(string connectionString);

    /// <summary>Opens a connection from <paramref name="dataSource"/> and applies per-connection settings.</summary>
    public abstract Task<DbConnection> OpenAsync(DbDataSource dataSource, CancellationToken cancellationToken);

    /// <summary>
    /// The COLLATE clause that orders text by Unicode code point (UTF-8 byte order), as ScoreListing compares titles,
    /// whatever collation the database was created with.
    /// </summary>
    public abstract string CodePointCollation { get; }

    /// <summary>SQL that serialises concurrent migration runs inside a transaction, or null when the engine does so itself.</summary>
    public abstract string? MigrationLockSql { get; }

    /// <summary>
    /// Inserts score versions inside the transaction, each with its listing key (ScoreListingKeys.InsertVersions):
    /// from binary arrays on PostgreSQL, batched multi-row VALUES on SQLite.
    /// </summary>
    public abstract Task BulkInsertScoreVersionsAsync(StorageTransaction transaction, IReadOnlyList<ScoreVersionRow> rows, CancellationToken cancellationToken);

    /// <summary>Parses a provider name from configuration, case-insensitively.</summary>
    public static SqlDialect ForProvider(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        null or "" or "SQLITE" => SqliteDialect.Instance,
        "POSTGRES" or "POSTGRESQL" or "NPGSQL" => PostgresDialect.Instance,
        _ => throw new StorageStartupException(
            $"Unknown Storage:Provider '{name}': set it to 'Sqlite' (the default) or 'Postgres'."),
    };
}
