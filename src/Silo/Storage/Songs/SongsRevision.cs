using System.Data.Common;
using Dapper;

namespace Maimai.Silo.Storage.Songs;

/// <summary>
/// A counter that every committed change to songs or charts moves (migration 0003), so an in-memory copy in any
/// process or on any node can tell it is stale with one single-row read.
/// </summary>
public static class SongsRevision
{
    public static Task<long> ReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT revision FROM songs_revision WHERE id = 1", cancellationToken: cancellationToken));

    /// <summary>
    /// Moves the revision inside the writer's transaction: readers see it at commit, and a rollback undoes it. Call it
    /// as the last write before COMMIT, since it holds the counter's row lock until then.
    /// </summary>
    public static Task BumpAsync(StorageTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE songs_revision SET revision = revision + 1 WHERE id = 1", transaction: transaction.Transaction, cancellationToken: cancellationToken));
    }
}
