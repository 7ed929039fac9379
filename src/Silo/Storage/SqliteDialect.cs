using System.Data.Common;
using System.Globalization;
using System.Text;
using Maimai.Silo.Storage.Scores;
using Microsoft.Data.Sqlite;

namespace Maimai.Silo.Storage;

/// <summary>SQLite via Microsoft.Data.Sqlite: the embedded default, a single file under ./data.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public const string DefaultConnectionString = "Data Source=data/maimai.db";

    // 12 parameters a row keeps a batch far below SQLite's 32,766 variables per statement.
    private const int RowsPerInsert = 500;

    public static readonly SqliteDialect Instance = new();

    private SqliteDialect()
    {
    }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string MigrationFolder => "Sqlite";

    // BINARY is memcmp over the UTF-8 text (the default, named so the order does not depend on a column's collation).
    public override string CodePointCollation => "COLLATE BINARY";

    // SQLite takes its write lock at BEGIN IMMEDIATE; concurrent migrators simply wait for it.
    public override string? MigrationLockSql => null;

    // Microsoft.Data.Sqlite pools by connection string itself; the factory's data source just hands out connections.
    public override DbDataSource CreateDataSource(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true };
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return SqliteFactory.Instance.CreateDataSource(builder.ToString());
    }

    public override async Task<DbConnection> OpenAsync(DbDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var connection = (SqliteConnection)dataSource.CreateConnection();
        var file = connection.DataSource;
        if (!string.IsNullOrEmpty(file) && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
        }

        try
        {
            await connection.OpenAsync(cancellationToken);

            // WAL lets readers run beside the writer; NORMAL sync is durable across crashes of this process in WAL mode.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task BulkInsertScoreVersionsAsync(StorageTransaction transaction, IReadOnlyList<ScoreVersionRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(rows);
        for (var start = 0; start < rows.Count; start += RowsPerInsert)
        {
            var count = Math.Min(RowsPerInsert, rows.Count - start);
            await using var command = (SqliteCommand)transaction.Connection.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction.Transaction;
            var sql = new StringBuilder("VALUES ");
            for (var i = 0; i < count; i++)
            {
                var row = rows[start + i];
                var p = "@p" + i.ToString(CultureInfo.InvariantCulture) + "_";
                sql.Append(i == 0 ? "(" : ",(");
                for (var c = 0; c < ScoreVersionRow.ColumnCount; c++)
                {
                    sql.Append(c == 0 ? "" : ",").Append(p).Append(c.ToString(CultureInfo.InvariantCulture));
                }

                sql.Append(')');
                var values = row.Values();
                for (var c = 0; c < values.Length; c++)
                {
                    var value = values[c] is DateTimeOffset time ? StorageTypeHandlers.ToSqliteText(time) : values[c];
                    command.Parameters.AddWithValue(p + c.ToString(CultureInfo.InvariantCulture), value ?? DBNull.Value);
                }
            }

            command.CommandText = ScoreListingKeys.InsertVersions(sql.ToString());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
