using System.Data.Common;
using Maimai.Core.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Time;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Accounts;

/// <summary>
/// Users and their API tokens (through <see cref="UserRepository"/> and <see cref="ApiTokenRepository"/>), for the
/// API and the CLI: tokens are generated and hashed here, only the hash is stored.
/// </summary>
public sealed partial class AccountStore(
    UserRepository users,
    ApiTokenRepository tokens,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time,
    IOptions<AdminOptions>? admins = null,
    ILogger<AccountStore>? logger = null) : IAccountStore
{
    private readonly AdminOptions _admins = admins?.Value ?? new AdminOptions();
    private readonly ILogger _logger = logger ?? NullLogger<AccountStore>.Instance;

    /// <summary>Users made without Discord get this Discord id prefix (the column is required and unique).</summary>
    public const string LocalDiscordPrefix = "local:";

    /// <summary>The Discord id of the development login's user <paramref name="name"/>: one user per name, any case.</summary>
    public static string DevelopmentDiscordId(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return LocalDiscordPrefix + "dev:" + name.ToLowerInvariant();
    }

    // last_used_at is advisory: writing it at most once a minute per token keeps authentication read-mostly. Behind
    // CachedAccountStore it moves only when a node re-reads the token, so it can lag by that cache's duration too.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

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

        var hash = ApiTokenFormat.Hash(plaintextToken);
        var now = time.GetUtcNow();
        TokenUse? use;
        try
        {
            use = await tokens.UseAsync(hash, now, now - LastUsedResolution, cancellationToken);
        }
        catch (DbException e) when (!StorageFailures.IsTransient(e))
        {
            // last_used_at is advisory: a database that can read but not write (a full disk) still answers the
            // call the token authorises. A database that is away is not this case: that stays UNAVAILABLE.
            LastUsedNotWritten(_logger, e);
            use = await tokens.FindAsync(hash, cancellationToken);
        }

        if (use is null)
        {
            return null;
        }

        return use.Caller with { IsAdmin = _admins.IsAdmin(use.Caller.IsAdmin, use.DiscordId) };
    }

    public async Task<CreatedApiToken?> CreateApiTokenAsync(long userId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (await users.GetAsync(userId, cancellationToken) is null)
        {
            return null;
        }

        var plaintext = ApiTokenFormat.Generate();
        var info = await tokens.InsertAsync(userId, name, ApiTokenFormat.Hash(plaintext), ApiTokenFormat.DisplayPrefix(plaintext), time.GetUtcNow(), cancellationToken);
        return new CreatedApiToken(info, plaintext);
    }

    public Task<IReadOnlyList<ApiTokenInfo>> ListApiTokensAsync(long userId, long? beforeId, int limit, CancellationToken cancellationToken) =>
        tokens.ListActiveAsync(userId, beforeId, limit, cancellationToken);

    public Task<bool> RevokeApiTokenAsync(long userId, long tokenId, CancellationToken cancellationToken) =>
        tokens.RevokeAsync(userId, tokenId, time.GetUtcNow(), cancellationToken);

    private Account ToAccount(User user) => new(
        user.Id,
        user.DisplayName,
        user.DiscordId.StartsWith(LocalDiscordPrefix, StringComparison.Ordinal) ? null : user.DiscordId,
        _admins.IsAdmin(user.IsAdmin, user.DiscordId),
        user.CreatedAt);

    [LoggerMessage(EventId = 9110, EventName = "ApiTokenLastUsedNotWritten", Level = LogLevel.Warning,
        Message = "An API token's last-used time could not be written; the token was read without it.")]
    private static partial void LastUsedNotWritten(ILogger logger, Exception exception);
}
