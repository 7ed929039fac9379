using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Maimai.Silo.Accounts;

/// <summary>
/// Encrypts the maimai token and the DX NET session cookies with ASP.NET Core Data Protection. Each has its own
/// purpose, so a cookie blob can never be decrypted as a token. Every node shares the key ring (in the database,
/// see <see cref="TokenProtectionServices"/>) and the application name, or one node could not read what another saved.
/// </summary>
public sealed class DxNetTokenProtector(IDataProtectionProvider provider)
{
    public const string TokenPurpose = "Maimai.DxNetToken.v1";
    public const string CookiesPurpose = "Maimai.DxNetSession.v1";

    private readonly IDataProtector _token = provider.CreateProtector(TokenPurpose);
    private readonly IDataProtector _cookies = provider.CreateProtector(CookiesPurpose);

    public byte[] ProtectToken(string token) => _token.Protect(Encoding.UTF8.GetBytes(token));

    /// <summary>The token, or null when the key ring no longer holds its key (the player must save it again).</summary>
    public string? UnprotectToken(byte[] encrypted) => Unprotect(_token, encrypted);

    public byte[]? ProtectCookies(IReadOnlyDictionary<string, string> cookies) =>
        cookies.Count == 0 ? null : _cookies.Protect(JsonSerializer.SerializeToUtf8Bytes(cookies));

    /// <summary>The cookies; empty when none were stored or they cannot be read (a fresh login follows).</summary>
    public IReadOnlyDictionary<string, string> UnprotectCookies(byte[]? encrypted)
    {
        if (encrypted is null || Unprotect(_cookies, encrypted) is not { } json)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    private static string? Unprotect(IDataProtector protector, byte[] encrypted)
    {
        try
        {
            return Encoding.UTF8.GetString(protector.Unprotect(encrypted));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
