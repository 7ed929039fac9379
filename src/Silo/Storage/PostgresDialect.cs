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

    // The rows of BulkInsertScoreVersionsAsync, in ScoreVersionRow.Columns order.
    private const string UnnestRows = "SELECT * FROM unnest(@UserIds, @Regions, @ChartIds, @Seqs, @SnapshotIds, @Achievements, @DxScores, @ComboLamps, @SyncLamps, @PlayCounts, @LastPlayed, @SiteLevels)";

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

        // One array a column, sent binary and unnested into the insert that adds each version's listing key.
        await using var command = new NpgsqlCommand(ScoreListingKeys.InsertVersions(UnnestRows), (NpgsqlConnection)transaction.Connection);
        Add(command, "UserIds", NpgsqlDbType.Bigint, rows.Select(r => r.UserId));
        Add(command, "Regions", NpgsqlDbType.Smallint, rows.Select(r => (short)r.Region));
        Add(command, "ChartIds", NpgsqlDbType.Integer, rows.Select(r => r.ChartId));
        Add(command, "Seqs", NpgsqlDbType.Integer, rows.Select(r => r.SnapshotSeq));
        Add(command, "SnapshotIds", NpgsqlDbType.Bigint, rows.Select(r => r.SnapshotId));
        Add(command, "Achievements", NpgsqlDbType.Integer, rows.Select(r => r.Score.Achievement.TenThousandths));
        Add(command, "DxScores", NpgsqlDbType.Integer, rows.Select(r => r.Score.DxScore));
        Add(command, "ComboLamps", NpgsqlDbType.Smallint, rows.Select(r => (short)r.Score.ComboLamp));
        Add(command, "SyncLamps", NpgsqlDbType.Smallint, rows.Select(r => (short)r.Score.SyncLamp));
        Add(command, "PlayCounts", NpgsqlDbType.Integer, rows.Select(r => r.Score.PlayCount));
        Add(command, "LastPlayed", NpgsqlDbType.TimestampTz, rows.Select(r => r.Score.LastPlayedAt?.UtcDateTime));
        Add(command, "SiteLevels", NpgsqlDbType.Smallint, rows.Select(r => (short?)r.Score.SiteLevel?.Tenths));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });
}
