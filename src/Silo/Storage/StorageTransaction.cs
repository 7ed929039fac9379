using System.Data.Common;

namespace Maimai.Silo.Storage;

/// <summary>
/// One open connection with one transaction. Repositories take it so that a fetch can commit its snapshot,
/// score versions, new plays and the fetch's completion together.
/// </summary>
public sealed class StorageTransaction : IAsyncDisposable
{
    internal StorageTransaction(DbConnection connection, DbTransaction transaction, SqlDialect dialect)
    {
        Connection = connection;
        Transaction = transaction;
        Dialect = dialect;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public SqlDialect Dialect { get; }

    public Task CommitAsync(CancellationToken cancellationToken = default) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted transaction rolls it back.
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
