namespace Maimai.Core.Accounts;

/// <summary>A user as the API shows them. <see cref="DiscordId"/> is null for users made by the CLI before Discord login.</summary>
public sealed record Account(long Id, string DisplayName, string? DiscordId, bool IsAdmin, DateTimeOffset CreatedAt);

/// <summary>An API token's metadata; the token itself is never kept, only its hash.</summary>
public sealed record ApiTokenInfo(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>A token just created: its metadata and the plaintext, which is shown this once.</summary>
public sealed record CreatedApiToken(ApiTokenInfo Token, string Plaintext);

/// <summary>
/// Who made an API call: the user, the API token they used (0: the site's session cookie, no token), and whether they
/// were an admin when last looked up (a cached caller keeps this for ApiTokenCache:Duration, so a revoked role ends
/// within that bound).
/// </summary>
public sealed record ApiCaller(long UserId, long TokenId, bool IsAdmin = false);
