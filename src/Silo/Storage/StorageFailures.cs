using Microsoft.Data.Sqlite;
using Npgsql;

namespace Maimai.Silo.Storage;

/// <summary>
/// Tells a database that is away for the moment (unreachable, restarting, or a pooled connection that died with the
/// server) from a statement that failed on a working database. Only the first may succeed when tried again, and
/// only it is reported to API clients as UNAVAILABLE: a lookup that could not run must never read as "not found".
/// </summary>
public static class StorageFailures
{
    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Already judged transient, on the silo that met it.
                case StorageUnavailableException:
                    return true;

                // An answer from a running server: transient only when it is about the connection itself.
                case PostgresException postgres:
                    return IsConnectionState(postgres.SqlState);

                // Npgsql could not reach the server or lost it mid-statement (I/O, timeout, exhausted pool).
                case NpgsqlException:
                    return true;

                // Another connection holds the file's lock; it is released when that transaction ends.
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                    return true;
            }
        }

        return false;
    }

    // Class 08: connection exceptions; 57P01-57P03: the server is shutting down, crashed, or still starting;
    // 53300: no connection slot free.
    private static bool IsConnectionState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState is "57P01" or "57P02" or "57P03" or "53300";
}
