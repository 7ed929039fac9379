using Dapper;

namespace Maimai.Silo.Storage.Users;

/// <summary>A live web session row: whose it is and its protected sign-in ticket.</summary>
public sealed record WebSessionRow(long UserId, byte[] Ticket, DateTimeOffset ExpiresAt);

/// <summary>web_sessions: the server side of the site's session cookie, found by the SHA-256 of the cookie's key.</summary>
public sealed class WebSessionRepository(Database database)
{
    /// <summary>Stores a new session; expired rows of anyone are swept in the same round trip.</summary>
    public async Task InsertAsync(long userId, byte[] keyHash, byte[] ticket, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM web_sessions WHERE expires_at <= @Now;
            INSERT INTO web_sessions (user_id, key_hash, ticket, created_at, expires_at) VALUES (@UserId, @Hash, @Ticket, @Now, @ExpiresAt)
            """, new { UserId = userId, Hash = keyHash, Ticket = ticket, Now = now, ExpiresAt = expiresAt }, cancellationToken: cancellationToken));
    }

    /// <summary>The session with this key hash, or null when there is none or it has expired.</summary>
    public async Task<WebSessionRow?> FindAsync(byte[] keyHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT user_id AS UserId, ticket AS Ticket, expires_at AS ExpiresAt FROM web_sessions WHERE key_hash = @Hash AND expires_at > @Now
            """, new { Hash = keyHash, Now = now }, cancellationToken: cancellationToken));
        return row is null ? null : new WebSessionRow(row.UserId, row.Ticket, row.ExpiresAt);
    }

    /// <summary>Slides a live session's expiry (and its ticket); false when the row is gone (logged out meanwhile).</summary>
    public async Task<bool> RenewAsync(byte[] keyHash, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE web_sessions SET ticket = @Ticket, expires_at = @ExpiresAt WHERE key_hash = @Hash",
            new { Hash = keyHash, Ticket = ticket, ExpiresAt = expiresAt }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Ends one session (log-out).</summary>
    public async Task DeleteAsync(byte[] keyHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM web_sessions WHERE key_hash = @Hash", new { Hash = keyHash }, cancellationToken: cancellationToken));
    }

    /// <summary>Ends every session of the user (log out everywhere); returns how many there were.</summary>
    public async Task<int> DeleteAllOfUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM web_sessions WHERE user_id = @UserId", new { UserId = userId }, cancellationToken: cancellationToken));
    }

    /// <summary>How many live sessions the user has.</summary>
    public async Task<int> CountLiveAsync(long userId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM web_sessions WHERE user_id = @UserId AND expires_at > @Now",
            new { UserId = userId, Now = now }, cancellationToken: cancellationToken));
    }

    private sealed class Row
    {
        public long UserId { get; set; }
        public byte[] Ticket { get; set; } = [];
        public DateTimeOffset ExpiresAt { get; set; }
    }
}
