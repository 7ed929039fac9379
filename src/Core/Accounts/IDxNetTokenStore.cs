using Maimai.Core.Game;

namespace Maimai.Core.Accounts;

/// <summary>
/// The player's maimai DX NET token per region, kept encrypted at rest. The plaintext goes in and never
/// comes back out through this seam: the account API only learns whether one is set and how it fared.
/// </summary>
public interface IDxNetTokenStore
{
    /// <summary>Saves (or replaces) the token; clears the last error and the DX NET session of the old one.</summary>
    Task SetAsync(long userId, Region region, string token, CancellationToken cancellationToken);

    /// <summary>Whether a token is set, when, when a fetch last used it and the last error it caused.</summary>
    Task<DxNetTokenStatus> GetStatusAsync(long userId, Region region, CancellationToken cancellationToken);

    /// <summary>Removes the token; true when there was one.</summary>
    Task<bool> DeleteAsync(long userId, Region region, CancellationToken cancellationToken);
}

/// <summary>What the player may see about their saved token: never the token itself.</summary>
public sealed record DxNetTokenStatus(
    bool IsSet,
    DateTimeOffset? SetAt,
    DateTimeOffset? LastUsedAt,
    string? LastError)
{
    public static DxNetTokenStatus NotSet { get; } = new(false, null, null, null);
}
