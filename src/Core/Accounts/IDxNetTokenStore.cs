using Maimai.Core.Game;

namespace Maimai.Core.Accounts;

/// <summary>
/// The player's maimai DX NET token per region, kept encrypted at rest. The plaintext goes in and never
/// comes back out through this seam: the account API only learns whether one is set and how it fared.
/// </summary>
public interface IDxNetTokenStore
{
    /// <summary>
    /// Checks the token against the region's site with one cheap request and saves (or replaces) it only when the
    /// site accepts it; saving clears the last error and the DX NET session of the old one. Says why when it did not save.
    /// </summary>
    Task<DxNetTokenSave> SetAsync(long userId, Region region, string token, CancellationToken cancellationToken);

    /// <summary>Whether a token is set, when, when a fetch last used it and the last error it caused.</summary>
    Task<DxNetTokenStatus> GetStatusAsync(long userId, Region region, CancellationToken cancellationToken);

    /// <summary>Removes the token; true when there was one.</summary>
    Task<bool> DeleteAsync(long userId, Region region, CancellationToken cancellationToken);
}

/// <summary>What saving a token came to.</summary>
public enum DxNetTokenSaveOutcome
{
    /// <summary>The site accepted the token and it is saved.</summary>
    Saved = 1,

    /// <summary>The text is not a token at all (not a cookie value); nothing was sent to the site, nothing saved.</summary>
    NotAToken = 2,

    /// <summary>The site refused the token (expired, logged out, or wrong); nothing saved.</summary>
    Rejected = 3,

    /// <summary>The site could not say (daily maintenance, network, an error page); nothing saved, try again later.</summary>
    SiteUnavailable = 4,
}

/// <summary>
/// The outcome of <see cref="IDxNetTokenStore.SetAsync"/>. <see cref="Message"/> tells the player what to do and
/// never contains the token; <see cref="RetryAfter"/> is how long until the site's maintenance ends, when known.
/// </summary>
public sealed record DxNetTokenSave(DxNetTokenSaveOutcome Outcome, string Message, TimeSpan? RetryAfter = null)
{
    public static DxNetTokenSave Saved { get; } = new(DxNetTokenSaveOutcome.Saved, "The token was accepted by the site and saved.");

    public bool IsSaved => Outcome == DxNetTokenSaveOutcome.Saved;
}

/// <summary>What the player may see about their saved token: never the token itself.</summary>
/// <param name="IsSet">Whether a token is saved.</param>
/// <param name="SetAt">When it was saved.</param>
/// <param name="LastUsedAt">When a fetch last used the token.</param>
/// <param name="LastError">Why the site last refused it (set by a fetch); null after a success or a new token.</param>
/// <param name="ValidAt">When the site last accepted it: the check on save, or a successful fetch.</param>
/// <param name="LastErrorAt">When <paramref name="LastError"/> happened.</param>
public sealed record DxNetTokenStatus(
    bool IsSet,
    DateTimeOffset? SetAt,
    DateTimeOffset? LastUsedAt,
    string? LastError,
    DateTimeOffset? ValidAt = null,
    DateTimeOffset? LastErrorAt = null)
{
    public static DxNetTokenStatus NotSet { get; } = new(false, null, null, null);
}
