using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace Maimai.Silo.Storage;

/// <summary>A numbered migration: Storage/Migrations/{Provider}/NNNN_name.sql, embedded in the assembly.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Applies the embedded migrations not yet recorded in schema_migrations, each in its own transaction with
/// its record, so running twice applies nothing the second time.
/// </summary>
public sealed partial class MigrationRunner(Database database)
{
    private const string CreateLedgerSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            applied_at  TEXT NOT NULL
        )
        """;

    private readonly Database _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Every migration of the provider, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"{assembly.GetName().Name}.Storage.Migrations.{dialect.MigrationFolder}.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..];
            var match = FileName().Match(file);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration '{file}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture), match.Groups["name"].Value, reader.ReadToEnd()));
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }

    /// <summary>Applies what is missing and returns what it applied (empty when the schema is current).</summary>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var applied = new List<Migration>();
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(CreateLedgerSql, cancellationToken: cancellationToken));
        }

        foreach (var migration in Embedded(_database.Dialect))
        {
            await using var transaction = await _database.BeginAsync(cancellationToken);
            if (_database.Dialect.MigrationLockSql is { } lockSql)
            {
                await transaction.Connection.ExecuteAsync(new CommandDefinition(lockSql, transaction: transaction.Transaction, cancellationToken: cancellationToken));
            }

            var done = await transaction.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version",
                new { migration.Version }, transaction.Transaction, cancellationToken: cancellationToken));
            if (done > 0)
            {
                continue;
            }

            await ExecuteScriptAsync(transaction, migration.Sql, cancellationToken);
            await transaction.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
                transaction.Transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            applied.Add(migration);
        }

        return applied;
    }

    private static async Task ExecuteScriptAsync(StorageTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        // Both providers run a multi-statement script given as one command without parameters.
        await using DbCommand command = transaction.Connection.CreateCommand();
        command.Transaction = transaction.Transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
