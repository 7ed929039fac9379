namespace Maimai.Core.Accounts;

/// <summary>
/// Users and their API tokens, as the API and the pages need them. Every token call is scoped by user:
/// another user's token id is simply not found.
/// </summary>
public interface IAccountStore
{
    /// <summary>The user, or null when there is none with this id.</summary>
    Task<Account?> GetAccountAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Adds a user without a Discord identity (the CLI's, until Discord login exists).</summary>
    Task<Account> CreateLocalUserAsync(string displayName, bool isAdmin, CancellationToken cancellationToken);

    /// <summary>The caller of a valid, unrevoked token, or null. Records when the token was last used (coarsely).</summary>
    Task<ApiCaller?> AuthenticateAsync(string plaintextToken, CancellationToken cancellationToken);

    /// <summary>A new token for the user; null when the user does not exist.</summary>
    Task<CreatedApiToken?> CreateApiTokenAsync(long userId, string name, CancellationToken cancellationToken);

    /// <summary>The user's unrevoked tokens, newest first, with ids below <paramref name="beforeId"/> when given.</summary>
    Task<IReadOnlyList<ApiTokenInfo>> ListApiTokensAsync(long userId, long? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>Revokes the token; false when it is not this user's or already revoked.</summary>
    Task<bool> RevokeApiTokenAsync(long userId, long tokenId, CancellationToken cancellationToken);
}
