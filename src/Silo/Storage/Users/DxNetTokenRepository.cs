using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Game;

namespace Maimai.Silo.Storage.Users;

/// <summary>The encrypted maimai token and DX NET session cookies of one user and region, as stored.</summary>
public sealed record DxNetTokenSecrets(byte[] Token, byte[]? Cookies);

/// <summary>
/// user_tokens: per user and region, the maimai DX NET token and the session cookies of the last fetch, both as
/// encrypted bytes (the caller encrypts and decrypts), with when it was saved and used and the last refusal.
/// </summary>
public sealed class DxNetTokenRepository(Database database)
{
    /// <summary>
    /// Saves (or replaces) the token the site just accepted, with the session cookies that check opened (null for
    /// none): it is valid as of <paramref name="now"/>; the old token's use and error go with it.
    /// </summary>
    public async Task SaveTokenAsync(long userId, Region region, byte[] token, byte[]? cookies, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO user_tokens (user_id, region, token_encrypted, session_cookies_encrypted, set_at, last_used_at, last_error, valid_at, last_error_at)
            VALUES (@UserId, @Region, @Token, @Cookies, @Now, NULL, NULL, @Now, NULL)
            ON CONFLICT (user_id, region) DO UPDATE SET token_encrypted = excluded.token_encrypted,
                session_cookies_encrypted = excluded.session_cookies_encrypted, set_at = excluded.set_at, last_used_at = NULL,
                last_error = NULL, valid_at = excluded.valid_at, last_error_at = NULL
            """, new { UserId = userId, Region = (int)region, Token = token, Cookies = cookies, Now = now }, cancellationToken: cancellationToken));
    }

    /// <summary>When the token was saved, last used and last accepted, and the last error; <see cref="DxNetTokenStatus.NotSet"/> without one.</summary>
    public async Task<DxNetTokenStatus> GetStatusAsync(long userId, Region region, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StatusRow>(new CommandDefinition(
            "SELECT set_at AS SetAt, last_used_at AS LastUsedAt, last_error AS LastError, valid_at AS ValidAt, last_error_at AS LastErrorAt FROM user_tokens WHERE user_id = @UserId AND region = @Region",
            new { UserId = userId, Region = (int)region }, cancellationToken: cancellationToken));
        return row is null ? DxNetTokenStatus.NotSet : new DxNetTokenStatus(true, row.SetAt, row.LastUsedAt, row.LastError, row.ValidAt, row.LastErrorAt);
    }

    /// <summary>Removes the token; true when there was one.</summary>
    public async Task<bool> DeleteAsync(long userId, Region region, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM user_tokens WHERE user_id = @UserId AND region = @Region",
            new { UserId = userId, Region = (int)region }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Whether a token is saved.</summary>
    public async Task<bool> ExistsAsync(long userId, Region region, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM user_tokens WHERE user_id = @UserId AND region = @Region",
            new { UserId = userId, Region = (int)region }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The encrypted token and session cookies; null when no token is saved.</summary>
    public async Task<DxNetTokenSecrets?> ReadSecretsAsync(long userId, Region region, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SecretRow>(new CommandDefinition(
            "SELECT token_encrypted AS Token, session_cookies_encrypted AS Cookies FROM user_tokens WHERE user_id = @UserId AND region = @Region",
            new { UserId = userId, Region = (int)region }, cancellationToken: cancellationToken));
        return row is null ? null : new DxNetTokenSecrets(row.Token, row.Cookies);
    }

    /// <summary>After a successful fetch, inside its transaction: the session cookies, the time of use (the site accepted it then), no error.</summary>
    public Task SaveSessionAsync(StorageTransaction transaction, long userId, Region region, byte[]? cookies, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE user_tokens SET session_cookies_encrypted = @Cookies, last_used_at = @Now, valid_at = @Now, last_error = NULL
            WHERE user_id = @UserId AND region = @Region
            """, new { UserId = userId, Region = (int)region, Cookies = cookies, Now = now },
            transaction.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// After a failed fetch, inside the transaction that fails it. With <paramref name="tokenError"/> (the token was
    /// refused) the session cookies are dropped and the error is kept; otherwise the error stays as it was and
    /// <paramref name="cookies"/>, when given, replace the stored ones.
    /// </summary>
    public Task RecordFailureAsync(StorageTransaction transaction, long userId, Region region, string? tokenError, byte[]? cookies, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE user_tokens SET last_used_at = @Now,
                session_cookies_encrypted = CASE WHEN @Refused THEN NULL ELSE COALESCE(@Cookies, session_cookies_encrypted) END,
                last_error = CASE WHEN @Refused THEN @Error ELSE last_error END,
                last_error_at = CASE WHEN @Refused THEN @Now ELSE last_error_at END
            WHERE user_id = @UserId AND region = @Region
            """, new
            {
                UserId = userId,
                Region = (int)region,
                Refused = tokenError is not null,
                Error = tokenError,
                Cookies = tokenError is null ? cookies : null,
                Now = now,
            }, transaction.Transaction, cancellationToken: cancellationToken));
    }

    private sealed class StatusRow
    {
        public DateTimeOffset SetAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public string? LastError { get; set; }

        public DateTimeOffset? ValidAt { get; set; }

        public DateTimeOffset? LastErrorAt { get; set; }
    }

    private sealed class SecretRow
    {
        public byte[] Token { get; set; } = [];
        public byte[]? Cookies { get; set; }
    }
}
