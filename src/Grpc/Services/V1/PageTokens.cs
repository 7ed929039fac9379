using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.DataProtection;

namespace Maimai.Grpc.Services.V1;

/// <summary>
/// Opaque page tokens: base64url of a version byte, a fingerprint of the request's other fields, and the keyset
/// cursor. The fingerprint binds a token to the filters it was made for, so a token reused with other filters is
/// refused (INVALID_ARGUMENT) instead of silently paging through a different list. Tokens are not secret: the
/// queries are scoped by the caller, so a forged cursor can only move within the caller's own data.
/// Version 2 (ListScores, whose cursor becomes SQL parameters) seals the fingerprint and cursor with Data Protection:
/// the key ring is shared by every silo, and a token changed by one bit is refused, not decoded.
/// </summary>
internal static class PageTokens
{
    private const byte Version = 1;
    private const byte SealedVersion = 2;
    private const int FingerprintLength = 16;

    /// <summary>A token for the page after <paramref name="cursor"/>, bound to the request's filters.</summary>
    public static string Encode(IMessage request, params string[] cursor)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(Fingerprint(request));
            writer.Write((byte)cursor.Length);
            foreach (var part in cursor)
            {
                writer.Write(part);
            }
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>A version 2 token: the fingerprint and cursor sealed by <paramref name="protector"/>.</summary>
    public static string EncodeSealed(IMessage request, IDataProtector protector, params string[] cursor)
    {
        ArgumentNullException.ThrowIfNull(protector);
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Fingerprint(request));
            writer.Write((byte)cursor.Length);
            foreach (var part in cursor)
            {
                writer.Write(part);
            }
        }

        return Base64Url.EncodeToString([SealedVersion, .. protector.Protect(body.ToArray())]);
    }

    /// <summary>The cursor parts of a version 2 token, as <see cref="Decode"/> checks them, after its seal is verified.</summary>
    public static string[]? DecodeSealed(string token, IMessage request, int parts, RequestCheck check, IDataProtector protector, string field = "page_token")
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(check);
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        byte[] body;
        try
        {
            var bytes = Base64Url.DecodeFromChars(token);
            if (bytes.Length < 2 || bytes[0] != SealedVersion)
            {
                check.Add(field, "is not a page token this server issued");
                return null;
            }

            body = protector.Unprotect(bytes[1..]);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            check.Add(field, "is not a page token this server issued");
            return null;
        }

        return ReadBody(body, request, parts, check, field);
    }

    /// <summary>
    /// The cursor parts of <paramref name="token"/> (null for an empty token, the first page); a violation on
    /// page_token when it is malformed, or was made for other filters or another call.
    /// </summary>
    public static string[]? Decode(string token, IMessage request, int parts, RequestCheck check, string field = "page_token")
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            check.Add(field, "is not a page token this server issued");
            return null;
        }

        if (bytes.Length < 1 || bytes[0] != Version)
        {
            check.Add(field, "is not a page token this server issued");
            return null;
        }

        return ReadBody(bytes[1..], request, parts, check, field);
    }

    // The fingerprint, then the cursor parts; anything else is a token this server did not issue.
    private static string[]? ReadBody(byte[] body, IMessage request, int parts, RequestCheck check, string field)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(body), Encoding.UTF8);
            if (!reader.ReadBytes(FingerprintLength).AsSpan().SequenceEqual(Fingerprint(request)))
            {
                check.Add(field, "was issued for a request with other arguments; pass the same arguments as the first page");
                return null;
            }

            var count = reader.ReadByte();
            var cursor = new string[count];
            for (var i = 0; i < count; i++)
            {
                cursor[i] = reader.ReadString();
            }

            if (count != parts || reader.BaseStream.Position != reader.BaseStream.Length)
            {
                check.Add(field, "is not a page token this server issued");
                return null;
            }

            return cursor;
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or IOException)
        {
            check.Add(field, "is not a page token this server issued");
            return null;
        }
    }

    /// <summary>SHA-256 of the call's name and the request without its paging fields (page_token and page_size).</summary>
    internal static byte[] Fingerprint(IMessage request)
    {
        var copy = request.Descriptor.Parser.ParseFrom(request.ToByteArray());
        foreach (var field in copy.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.Name is "page_token" or "page_size")
            {
                field.Accessor.Clear(copy);
            }
        }

        var name = Encoding.UTF8.GetBytes(request.Descriptor.FullName);
        var bytes = copy.ToByteArray();
        var hash = SHA256.HashData([.. name, 0, .. bytes]);
        return hash[..FingerprintLength];
    }
}
