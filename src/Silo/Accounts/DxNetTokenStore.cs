using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Time;

namespace Maimai.Silo.Accounts;

/// <summary>
/// The player's maimai token and the DX NET session cookies of the last fetch, encrypted here before
/// <see cref="DxNetTokenRepository"/> stores them. Plaintext leaves only through <see cref="ReadSessionAsync"/>,
/// which the fetch pipeline alone calls. A token is saved only after the site accepted it (<see cref="IDxNetTokenCheck"/>).
/// </summary>
public sealed class DxNetTokenStore(DxNetTokenRepository tokens, DxNetTokenProtector protector, IDxNetTokenCheck check, [FromKeyedServices(ServiceClock.Key)] TimeProvider time) : IDxNetTokenStore
{
    /// <summary>Checks the token with the site, then saves it with the session the check opened; otherwise saves nothing and says why.</summary>
    public async Task<DxNetTokenSave> SetAsync(long userId, Region region, string token, CancellationToken cancellationToken)
    {
        if (!MaimaiToken.TryParse(token, out var parsed))
        {
            return new DxNetTokenSave(DxNetTokenSaveOutcome.NotAToken,
                "That is not a maimai DX NET token: paste the value of the \"clal\" or \"userId\" cookie (letters and digits, no spaces).");
        }

        var result = await check.CheckAsync(region, parsed!, cancellationToken);
        if (result is null)
        {
            return new DxNetTokenSave(DxNetTokenSaveOutcome.SiteUnavailable,
                $"This server cannot reach {DxNetSites.Name(region)} right now (no scraper for the region is loaded), so the token could not be checked. Nothing was saved; try again later.");
        }

        if (result.Failure is { } failure)
        {
            return failure is TokenExpiredFailure
                ? new DxNetTokenSave(DxNetTokenSaveOutcome.Rejected,
                    $"{DxNetSites.Name(region)} refused this token: it has expired (the site logs you out after a while, or when you log in elsewhere) or it is not the right cookie. "
                    + $"Log in to {DxNetSites.Name(region)} again, copy a fresh {DxNetSites.CookieNames(region)} cookie and save that. Nothing was saved.")
                : new DxNetTokenSave(DxNetTokenSaveOutcome.SiteUnavailable,
                    $"{DxNetSites.Name(region)} could not be asked whether the token works: {failure.Message} Nothing was saved; try again later.",
                    (failure as MaintenanceFailure)?.EndsAt - time.GetUtcNow());
        }

        var text = parsed!.Kind == MaimaiTokenKind.Clal ? "clal=" + parsed.Value : "userId=" + parsed.Value;
        await tokens.SaveTokenAsync(userId, region, protector.ProtectToken(text), protector.ProtectCookies(result.SessionCookies), time.GetUtcNow(), cancellationToken);
        return DxNetTokenSave.Saved;
    }

    public Task<DxNetTokenStatus> GetStatusAsync(long userId, Region region, CancellationToken cancellationToken) =>
        tokens.GetStatusAsync(userId, region, cancellationToken);

    public Task<bool> DeleteAsync(long userId, Region region, CancellationToken cancellationToken) =>
        tokens.DeleteAsync(userId, region, cancellationToken);

    /// <summary>Whether a token is saved, without decrypting it.</summary>
    public Task<bool> IsSetAsync(long userId, Region region, CancellationToken cancellationToken) =>
        tokens.ExistsAsync(userId, region, cancellationToken);

    /// <summary>The decrypted session for a fetch: null when no token is saved, <see cref="SessionRead.Unreadable"/> when it cannot be decrypted.</summary>
    public async Task<SessionRead?> ReadSessionAsync(long userId, Region region, CancellationToken cancellationToken)
    {
        if (await tokens.ReadSecretsAsync(userId, region, cancellationToken) is not { } secrets)
        {
            return null;
        }

        if (protector.UnprotectToken(secrets.Token) is not { } text || !MaimaiToken.TryParse(text, out var token))
        {
            return SessionRead.Unreadable;
        }

        return new SessionRead(new DxNetSession(token!, protector.UnprotectCookies(secrets.Cookies)));
    }

    /// <summary>After a successful fetch, inside its transaction: the rotated cookies and the time of use.</summary>
    public Task SaveSessionAsync(StorageTransaction transaction, long userId, Region region, IReadOnlyDictionary<string, string> cookies, DateTimeOffset now, CancellationToken cancellationToken) =>
        tokens.SaveSessionAsync(transaction, userId, region, protector.ProtectCookies(cookies), now, cancellationToken);

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
        return tokens.RecordFailureAsync(transaction, userId, region, tokenError, tokenError is null ? protector.ProtectCookies(cookies) : null, now, cancellationToken);
    }
}

/// <summary>A saved token read for a fetch; <see cref="Session"/> is null when it could not be decrypted.</summary>
public sealed record SessionRead(DxNetSession? Session)
{
    public static readonly SessionRead Unreadable = new((DxNetSession?)null);
}
