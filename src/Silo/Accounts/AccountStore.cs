using Dapper;
using Maimai.Core.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Time;

namespace Maimai.Silo.Accounts;

/// <summary>Users (through <see cref="UserRepository"/>) and api_tokens, for the API and the CLI.</summary>
public sealed class AccountStore(Database database, UserRepository users, [FromKeyedServices(ServiceClock.Key)] TimeProvider time) : IAccountStore
{
    /// <summary>Users made without Discord get this Discord id prefix (the column is required and unique).</summary>
    public const string LocalDiscordPrefix = "local:";

    // last_used_at is advisory: writing it at most once a minute per token keeps authentication read-mostly. Behind
    // CachedAccountStore it moves only when a node re-reads the token, so it can lag by that cache's duration too.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const string TokenColumns = "id AS Id, name AS Name, prefix AS Prefix, created_at AS CreatedAt, last_used_at AS LastUsedAt";

    public async Task<Account?> GetAccountAsync(long userId, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(userId, cancellationToken);
        return user is null ? null : ToAccount(user);
    }

    public async Task<Account> CreateLocalUserAsync(string displayName, bool isAdmin, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        var user = await users.UpsertByDiscordIdAsync(LocalDiscordPrefix + Guid.NewGuid().ToString("N"), displayName.Trim(), time.GetUtcNow(), cancellationToken);
        if (isAdmin)
        {
            await users.SetAdminAsync(user.Id, true, cancellationToken);
            user = user with { IsAdmin = true };
        }

        return ToAccount(user);
    }

    public async Task<ApiCaller?> AuthenticateAsync(string plaintextToken, CancellationToken cancellationToken)
    {
        if (!ApiTokenFormat.LooksValid(plaintextToken))
        {
            return null;
        }

        // One command, so one round trip: the conditional UPDATE writes only when last_used_at is a minute old (it
        // matches no row otherwise, and then writes nothing); the SELECT answers who is calling.
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CallerRow>(new CommandDefinition("""
            UPDATE api_tokens SET last_used_at = @Now
            WHERE token_hash = @Hash AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at <= @StaleBefore);
            SELECT id AS TokenId, user_id AS UserId FROM api_tokens WHERE token_hash = @Hash AND revoked_at IS NULL
            """, new { Hash = ApiTokenFormat.Hash(plaintextToken), Now = now, StaleBefore = now - LastUsedResolution }, cancellationToken: cancellationToken));
        return row is null ? null : new ApiCaller(row.UserId, row.TokenId);
    }

    public async Task<CreatedApiToken?> CreateApiTokenAsync(long userId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (await users.GetAsync(userId, cancellationToken) is null)
        {
            return null;
        }

        var plaintext = ApiTokenFormat.Generate();
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<TokenRow>(new CommandDefinition($"""
            INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (@UserId, @Name, @Hash, @Prefix, @Now)
            RETURNING {TokenColumns}
            """, new
        {
            UserId = userId,
            Name = name,
            Hash = ApiTokenFormat.Hash(plaintext),
            Prefix = ApiTokenFormat.DisplayPrefix(plaintext),
            Now = time.GetUtcNow(),
        }, cancellationToken: cancellationToken));
        return new CreatedApiToken(row.ToInfo(), plaintext);
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListApiTokensAsync(long userId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TokenRow>(new CommandDefinition($"""
            SELECT {TokenColumns} FROM api_tokens
            WHERE user_id = @UserId AND revoked_at IS NULL AND id < @Before
            ORDER BY id DESC LIMIT @Limit
            """, new { UserId = userId, Before = beforeId ?? long.MaxValue, Limit = limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToInfo())];
    }

    public async Task<bool> RevokeApiTokenAsync(long userId, long tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_tokens SET revoked_at = @Now WHERE id = @Id AND user_id = @UserId AND revoked_at IS NULL",
            new { Id = tokenId, UserId = userId, Now = time.GetUtcNow() }, cancellationToken: cancellationToken)) == 1;
    }

    private static Account ToAccount(User user) => new(
        user.Id,
        user.DisplayName,
        user.DiscordId.StartsWith(LocalDiscordPrefix, StringComparison.Ordinal) ? null : user.DiscordId,
        user.IsAdmin,
        user.CreatedAt);

    private sealed class CallerRow
    {
        public long TokenId { get; set; }
        public long UserId { get; set; }
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
