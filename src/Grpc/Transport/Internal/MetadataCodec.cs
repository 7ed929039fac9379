using System.Buffers;
using System.Buffers.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// Moves metadata between HTTP headers and <see cref="Metadata"/>. "-bin" values are base64: padded or unpadded on
/// the way in, unpadded on the way out (PROTOCOL-HTTP2.md#requests, Binary-Header).
/// </summary>
internal static class MetadataCodec
{
    /// <summary>Application metadata from the request headers; false when a "-bin" value is not base64.</summary>
    public static bool TryReadRequestHeaders(IHeaderDictionary headers, out Metadata metadata)
    {
        metadata = new Metadata();
        foreach (var header in headers)
        {
            var key = header.Key;
            if (GrpcProtocolConstants.IsReservedRequestHeader(key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                if (value is null)
                {
                    continue;
                }

                try
                {
                    if (Metadata.Entry.IsBinaryKey(key))
                    {
                        // Several binary values may arrive comma-joined in one header.
                        foreach (var part in value.Split(','))
                        {
                            if (!TryDecodeBase64(part.Trim(), out var bytes))
                            {
                                return false;
                            }

                            metadata.Add(key, bytes);
                        }
                    }
                    else
                    {
                        metadata.Add(key, value);
                    }
                }
                catch (ArgumentException)
                {
                    // A header name or value that gRPC metadata cannot hold (e.g. an uppercase HTTP/1.1 header
                    // such as "User-Agent" is fine; odd characters are not): skip it rather than fail the call.
                }
            }
        }

        return true;
    }

    public static void WriteHeaders(IHeaderDictionary target, Metadata metadata)
    {
        foreach (var entry in metadata)
        {
            var value = entry.IsBinary ? EncodeBase64Unpadded(entry.ValueBytes) : entry.Value;
            target.Append(entry.Key, value);
        }
    }

    public static string EncodeBase64Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    public static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = [];
        var padding = (4 - (text.Length % 4)) % 4;
        if (padding == 3)
        {
            return false;
        }

        var padded = padding == 0 ? text : text + new string('=', padding);
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(padded.Length)];
        var ascii = ArrayPool<byte>.Shared.Rent(padded.Length);
        try
        {
            for (var i = 0; i < padded.Length; i++)
            {
                var c = padded[i];
                if (c > 0x7F)
                {
                    return false;
                }

                ascii[i] = (byte)c;
            }

            if (Base64.DecodeFromUtf8(ascii.AsSpan(0, padded.Length), buffer, out _, out var written) != OperationStatus.Done)
            {
                return false;
            }

            bytes = written == buffer.Length ? buffer : buffer[..written];
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(ascii);
        }
    }

    public static StringValues First(IHeaderDictionary headers, string name) => headers.TryGetValue(name, out var v) ? v : StringValues.Empty;
}
