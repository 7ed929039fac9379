using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Maimai.Core.Accounts;

/// <summary>
/// API tokens: "mdx_" plus 32 random bytes in base64url, so users recognise them (and secret scanners can).
/// Only the SHA-256 of the whole token and a short display prefix are stored.
/// </summary>
public static class ApiTokenFormat
{
    public const string Marker = "mdx_";

    /// <summary>Marker plus 4 characters of the random part: enough to tell tokens apart, far too little to guess one.</summary>
    public const int DisplayPrefixLength = 8;

    private const int RandomBytes = 32;

    /// <summary>The token's length: the marker and 43 base64url characters.</summary>
    public static int Length { get; } = Marker.Length + Base64Url.GetEncodedLength(RandomBytes);

    /// <summary>A new random token.</summary>
    public static string Generate() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>Whether the text has the shape of a token (checked before hashing, so junk never reaches the database).</summary>
    public static bool LooksValid(string? token) =>
        token is not null && token.Length == Length && token.StartsWith(Marker, StringComparison.Ordinal)
        && Base64Url.IsValid(token.AsSpan(Marker.Length), out var decoded) && decoded == RandomBytes;

    public static byte[] Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public static string DisplayPrefix(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token[..Math.Min(DisplayPrefixLength, token.Length)];
    }
}
