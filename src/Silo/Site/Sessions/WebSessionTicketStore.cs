using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Maimai.Silo.Storage.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Maimai.Silo.Site.Sessions;

/// <summary>
/// The session cookie's tickets, kept in web_sessions: the cookie carries only a random key, the table its SHA-256
/// and the ticket (protected by Data Protection). The cookie handler reads the row on every request, so a deleted row
/// (log-out, log out everywhere) is refused at once by every silo on the database.
/// </summary>
internal sealed class WebSessionTicketStore(WebSessionRepository sessions, IDataProtectionProvider dataProtection, TimeProvider time) : ITicketStore
{
    private const int KeyBytes = 32;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Maimai.Silo.Site.WebSessions.v1");

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var userId = WebSessionClaims.UserId(ticket.Principal)
            ?? throw new InvalidOperationException("A web session needs a signed-in user id.");
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));
        var now = time.GetUtcNow();
        await sessions.InsertAsync(userId, Hash(key), Protect(ticket), now, ExpiresAt(ticket, now), cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        // A row gone meanwhile stays gone: renewing never brings back a session that was logged out.
        return sessions.RenewAsync(Hash(key), Protect(ticket), ExpiresAt(ticket, time.GetUtcNow()), cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        var row = await sessions.FindAsync(Hash(key), time.GetUtcNow(), cancellationToken);
        if (row is null)
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(row.Ticket));
        }
        catch (CryptographicException)
        {
            // A ticket the key ring can no longer read (keys lost): the session is simply over.
            return null;
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => sessions.DeleteAsync(Hash(key), cancellationToken);

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));

    // The cookie handler sets ExpiresUtc from its sliding ExpireTimeSpan; a ticket without one lives a day.
    private static DateTimeOffset ExpiresAt(AuthenticationTicket ticket, DateTimeOffset now) => ticket.Properties.ExpiresUtc ?? now.AddDays(1);
}

/// <summary>The claims of a signed-in site user: our user id (not the Discord id) and the display name.</summary>
internal static class WebSessionClaims
{
    public static ClaimsPrincipal Principal(User user, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.DisplayName),
        ], authenticationType, ClaimTypes.Name, ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    public static long? UserId(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
