using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Storage;
using Maimai.Silo.Time;

namespace Maimai.Silo.Accounts;

/// <summary>
/// user_tokens: the player's maimai token and the DX NET session cookies of the last fetch, both encrypted.
/// Plaintext leaves only through <see cref="ReadSessionAsync"/>, which the fetch pipeline alone calls.
/// </summary>
public sealed class DxNetTokenStore(Database database, DxNetTokenProtector protector, [FromKeyedServices(ServiceClock.Key)] TimeProvider time) : IDxNetTokenStore
{
    /// <summary>Saves the token; throws <see cref="ArgumentException"/> with a message for the player when it is not a token.</summary>
    public async Task SetAsync(long userId, Region region, string token, CancellationToken cancellationToken)
    {
        if (!MaimaiToken.TryParse(token, out var parsed))
        {
            throw new ArgumentException(
                "That is not a maimai DX NET token: paste the value of the \"clal\" or \"userId\" cookie (letters and digits, no spaces).",
                nameof(token));
        }

        var text = parsed!.Kind == MaimaiTokenKind.Clal ? "clal=" + parsed.Value : "userId=" + parsed.Value;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO user_tokens (user_id, region, token_encrypted, session_cookies_encrypted, set_at, last_used_at, last_error)
            VALUES (@UserId, @Region, @Token, NULL, @Now, NULL, NULL)
            ON CONFLICT (user_id, region) DO UPDATE SET token_encrypted = excluded.token_encrypted,
                session_cookies_encrypted = NULL, set_at = excluded.set_at, last_used_at = NULL, last_error = NULL
            """, new { UserId = userId, Region = (int)region, Token = protector.ProtectToken(text), Now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
    }

    public async Task<DxNetTokenStatus> GetStatusAsync(long userId, Region region, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StatusRow>(new CommandDefinition(
            "SELECT set_at AS SetAt, last_used_at AS LastUsedAt, last_error AS LastError FROM user_tokens WHERE user_id = @UserId AND region = @Region",
            new { UserId = userId, Region = (int)region }, cancellationToken: cancellationToken));
        return row is null ? DxNetTokenStatus.NotSet : new DxNetTokenStatus(true, row.SetAt, row.LastUsedAt, row.LastError);
    }

    public async Task<bool> DeleteAsync(long userId, Region region, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM user_tokens WHERE user_id = @UserId AND region = @Region",
            new { UserId = userId, Region = (int)region }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Whether a token is saved, without decrypting it.</summary>
    public async Task<bool> IsSetAsync(long userId, Region region, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM user_tokens WHERE user_id = @UserId AND region = @Region",
            new { UserId = userId, Region = (int)region }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The decrypted session for a fetch: null when no token is saved, <see cref="SessionRead.Unreadable"/> when it cannot be decrypted.</summary>
    public async Task<SessionRead?> ReadSessionAsync(long userId, Region region, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SecretRow>(new CommandDefinition(
            "SELECT token_encrypted AS Token, session_cookies_encrypted AS Cookies FROM user_tokens WHERE user_id = @UserId AND region = @Region",
            new { UserId = userId, Region = (int)region }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        if (protector.UnprotectToken(row.Token) is not { } text || !MaimaiToken.TryParse(text, out var token))
        {
            return SessionRead.Unreadable;
        }

        return new SessionRead(new DxNetSession(token!, protector.UnprotectCookies(row.Cookies)));
    }

    /// <summary>After a successful fetch, inside its transaction: the rotated cookies and the time of use.</summary>
    public Task SaveSessionAsync(StorageTransaction transaction, long userId, Region region, IReadOnlyDictionary<string, string> cookies, DateTimeOffset now, CancellationToken cancellationToken) =>
        transaction.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE user_tokens SET session_cookies_encrypted = @Cookies, last_used_at = @Now, last_error = NULL
            WHERE user_id = @UserId AND region = @Region
            """, new { UserId = userId, Region = (int)region, Cookies = protector.ProtectCookies(cookies), Now = now },
            transaction.Transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// After a failed fetch, inside the transaction that fails it. A refused token (<paramref name="tokenError"/>
    /// set) loses its session cookies and shows the error beside the token, until the player saves a new one.
    /// Any other failure keeps the token's status and stores the newest cookies the scraper saw, if any: the
    /// site rotates userId as pages are read, so the stored one may already be stale.
    /// </summary>
    public Task RecordFailureAsync(StorageTransaction transaction, long userId, Region region, string? tokenError, IReadOnlyDictionary<string, string> cookies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(cookies);
        return transaction.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE user_tokens SET last_used_at = @Now,
                session_cookies_encrypted = CASE WHEN @Refused THEN NULL ELSE COALESCE(@Cookies, session_cookies_encrypted) END,
                last_error = CASE WHEN @Refused THEN @Error ELSE last_error END
            WHERE user_id = @UserId AND region = @Region
            """, new
            {
                UserId = userId,
                Region = (int)region,
                Refused = tokenError is not null,
                Error = tokenError,
                Cookies = tokenError is null ? protector.ProtectCookies(cookies) : null,
                Now = now,
            }, transaction.Transaction, cancellationToken: cancellationToken));
    }

    private sealed class StatusRow
    {
        public DateTimeOffset SetAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public string? LastError { get; set; }
    }

    private sealed class SecretRow
    {
        public byte[] Token { get; set; } = [];
        public byte[]? Cookies { get; set; }
    }
}

/// <summary>A saved token read for a fetch; <see cref="Session"/> is null when it could not be decrypted.</summary>
public sealed record SessionRead(DxNetSession? Session)
{
    public static readonly SessionRead Unreadable = new((DxNetSession?)null);
}
