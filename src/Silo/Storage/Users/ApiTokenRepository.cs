using Dapper;
using Maimai.Core.Accounts;

namespace Maimai.Silo.Storage.Users;

/// <summary>api_tokens: a user's API tokens, stored by hash (the plaintext is never kept).</summary>
public sealed class ApiTokenRepository(Database database)
{
    private const string Columns = "id AS Id, name AS Name, prefix AS Prefix, created_at AS CreatedAt, last_used_at AS LastUsedAt";

    // Who is calling with the unrevoked token of @Hash (CallerRow).
    private const string SelectCaller = """
        SELECT t.id AS TokenId, t.user_id AS UserId, u.discord_id AS DiscordId, u.is_admin AS IsAdmin
        FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = @Hash AND t.revoked_at IS NULL
        """;

    /// <summary>
    /// The caller of the unrevoked token with this hash, or null; its last_used_at moves to <paramref name="now"/>
    /// only when it is at or before <paramref name="staleBefore"/>.
    /// </summary>
    public async Task<TokenUse?> UseAsync(byte[] tokenHash, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken cancellationToken = default)
    {
        // One command, so one round trip: the conditional UPDATE writes only when last_used_at is stale (it matches
        // no row otherwise, and then writes nothing); the SELECT answers who is calling.
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CallerRow>(new CommandDefinition("""
            UPDATE api_tokens SET last_used_at = @Now
            WHERE token_hash = @Hash AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at <= @StaleBefore);
            """ + SelectCaller, new { Hash = tokenHash, Now = now, StaleBefore = staleBefore }, cancellationToken: cancellationToken));
        return row?.ToUse();
    }

    /// <summary>
    /// The caller of the unrevoked token with this hash, or null, without writing anything: for a database that
    /// refused <see cref="UseAsync"/>'s write (a full disk).
    /// </summary>
    public async Task<TokenUse?> FindAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CallerRow>(new CommandDefinition(SelectCaller, new { Hash = tokenHash }, cancellationToken: cancellationToken));
        return row?.ToUse();
    }

    /// <summary>Stores a new token of the user by its hash and display prefix.</summary>
    public async Task<ApiTokenInfo> InsertAsync(long userId, string name, byte[] tokenHash, string prefix, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<TokenRow>(new CommandDefinition($"""
            INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (@UserId, @Name, @Hash, @Prefix, @Now)
            RETURNING {Columns}
            """, new { UserId = userId, Name = name, Hash = tokenHash, Prefix = prefix, Now = now }, cancellationToken: cancellationToken));
        return row.ToInfo();
    }

    /// <summary>The user's unrevoked tokens, newest first, with ids below <paramref name="beforeId"/> when given.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListActiveAsync(long userId, long? beforeId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TokenRow>(new CommandDefinition($"""
            SELECT {Columns} FROM api_tokens
            WHERE user_id = @UserId AND revoked_at IS NULL AND id < @Before
            ORDER BY id DESC LIMIT @Limit
            """, new { UserId = userId, Before = beforeId ?? long.MaxValue, Limit = limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToInfo())];
    }

    /// <summary>Revokes the token; false when it is not this user's or already revoked.</summary>
    public async Task<bool> RevokeAsync(long userId, long tokenId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_tokens SET revoked_at = @Now WHERE id = @Id AND user_id = @UserId AND revoked_at IS NULL",
            new { Id = tokenId, UserId = userId, Now = now }, cancellationToken: cancellationToken)) == 1;
    }

    private sealed class CallerRow
    {
        public TokenUse ToUse() => new(new ApiCaller(UserId, TokenId, IsAdmin), DiscordId);

        public long TokenId { get; set; }
        public long UserId { get; set; }
        public string DiscordId { get; set; } = "";
        public bool IsAdmin { get; set; }
    }

    private sealed class TokenRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Prefix { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }

        public ApiTokenInfo ToInfo() => new(Id, Name, Prefix, CreatedAt, LastUsedAt);
    }
}

/// <summary>A token's caller (is_admin as the users row says) and the caller's Discord id, for the admin allowlist.</summary>
public sealed record TokenUse(ApiCaller Caller, string DiscordId);
