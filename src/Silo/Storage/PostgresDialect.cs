using System.Data.Common;
using Maimai.Silo.Storage.Scores;
using Npgsql;
using NpgsqlTypes;

namespace Maimai.Silo.Storage;

/// <summary>PostgreSQL via Npgsql: production, and several nodes on one database.</summary>
public sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    private PostgresDialect()
    {
    }

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override string MigrationFolder => "Postgres";

    // "C" compares the UTF-8 bytes; the database's default collation may be a linguistic one.
    public override string CodePointCollation => "COLLATE \"C\"";

    // Two nodes starting together must not both apply a migration: a transaction-scoped advisory lock.
    public override string? MigrationLockSql => "SELECT pg_advisory_xact_lock(4242006201)";

    public override DbDataSource CreateDataSource(string connectionString) => NpgsqlDataSource.Create(connectionString);

    public override async Task<DbConnection> OpenAsync(DbDataSource dataSource, CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task BulkInsertScoreVersionsAsync(StorageTransaction transaction, IReadOnlyList<ScoreVersionRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)transaction.Connection;
        await using var importer = await connection.BeginBinaryImportAsync(
            ScoreVersionRow.InsertPrefix.Replace("INSERT INTO", "COPY", StringComparison.Ordinal) + " FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.UserId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync((short)row.Region, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(row.ChartId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.SnapshotSeq, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.SnapshotId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.Score.Achievement.TenThousandths, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.Score.DxScore, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync((short)row.Score.ComboLamp, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync((short)row.Score.SyncLamp, NpgsqlDbType.Smallint, cancellationToken);
            if (row.Score.PlayCount is { } plays)
            {
                await importer.WriteAsync(plays, NpgsqlDbType.Integer, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            if (row.Score.LastPlayedAt is { } last)
            {
                await importer.WriteAsync(last.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            if (row.Score.SiteLevel is { } level)
            {
                await importer.WriteAsync((short)level.Tenths, NpgsqlDbType.Smallint, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
