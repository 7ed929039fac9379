namespace Maimai.Silo.Accounts;

/// <summary>Bounds the in-memory cache of API-token callers (configuration section "ApiTokenCache").</summary>
public sealed class ApiTokenCacheOptions
{
    public const string SectionName = "ApiTokenCache";

    /// <summary>
    /// How long a node keeps a token it has checked. A token revoked through this node stops at once; revoked on
    /// another node (or by SQL) it keeps working here for at most this long. Defaults to 30 seconds; zero turns the
    /// cache off.
    /// </summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most tokens kept; past it a token is checked against the database every call. Defaults to 10,000.</summary>
    public int MaxEntries { get; set; } = 10_000;
}
