using System.Data.Common;

namespace Maimai.Silo.Storage;

/// <summary>
/// The configured database: a dialect and the one data source that owns this process's connection pool (Orleans'
/// providers are handed the same one on PostgreSQL). Thread-safe.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    static Database() => StorageTypeHandlers.Register();

    public Database(SqlDialect dialect, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Dialect = dialect;
        ConnectionString = connectionString;
        DataSource = dialect.CreateDataSource(connectionString);
    }

    public SqlDialect Dialect { get; }

    public string ConnectionString { get; }

    public DbDataSource DataSource { get; }

    /// <summary>Builds the database from options: the provider by name and, for SQLite, data/maimai.db by default.</summary>
    public static Database FromOptions(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dialect = SqlDialect.ForProvider(options.Provider);
        var connectionString = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = dialect.Provider == StorageProvider.Sqlite
                ? SqliteDialect.DefaultConnectionString
                : throw new StorageStartupException(
                    "Storage:Provider is Postgres but Storage:ConnectionString is empty: set it, e.g. \"Host=localhost;Username=maimai;Password=...;Database=maimai\".");
        }

        return new Database(dialect, connectionString);
    }

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        Dialect.OpenAsync(DataSource, cancellationToken);

    public async Task<StorageTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new StorageTransaction(connection, transaction, Dialect);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
