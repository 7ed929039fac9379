using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;

namespace Maimai.Grpc.Services.V1;

/// <summary>
/// Opaque page tokens: base64url of a version byte, a fingerprint of the request's other fields, and the keyset
/// cursor. The fingerprint binds a token to the filters it was made for, so a token reused with other filters is
/// refused (INVALID_ARGUMENT) instead of silently paging through a different list. Tokens are not secret: the
/// queries are scoped by the caller, so a forged cursor can only move within the caller's own data.
/// </summary>
internal static class PageTokens
{
    private const byte Version = 1;
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

        try
        {
            using var reader = new BinaryReader(new MemoryStream(Base64Url.DecodeFromChars(token)), Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                check.Add(field, "is not a page token this server issued");
                return null;
            }

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
