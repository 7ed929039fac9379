using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Google.Protobuf;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>Writes length-prefixed messages and gRPC-Web trailer frames straight into a buffer writer.</summary>
internal static class ResponseFraming
{
    public static void WriteMessage(IBufferWriter<byte> writer, IMessage message, int? maxSendMessageSize, CompressionLevel? gzipLevel)
    {
        var size = message.CalculateSize();
        if (size > maxSendMessageSize)
        {
            throw new RpcException(GrpcProtocolConstants.SendMessageTooLarge);
        }

        if (gzipLevel is null)
        {
            var span = writer.GetSpan(GrpcProtocolConstants.HeaderSize + size);
            span[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
            message.WriteTo(span.Slice(GrpcProtocolConstants.HeaderSize, size));
            writer.Advance(GrpcProtocolConstants.HeaderSize + size);
            return;
        }

        var plain = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        using var compressed = new PooledBufferWriter();
        try
        {
            message.WriteTo(plain.AsSpan(0, size));
            MessageCompression.Compress(plain.AsSpan(0, size), compressed, gzipLevel.Value);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }

        WriteFrame(writer, 1, compressed.WrittenSpan);
    }

    /// <summary>The gRPC-Web trailers frame: 0x80, length, then "name: value\r\n" lines (PROTOCOL-WEB.md).</summary>
    public static void WriteWebTrailers(IBufferWriter<byte> writer, Status status, Metadata? trailers)
    {
        var builder = new StringBuilder(64);
        builder.Append("grpc-status: ").Append((int)status.StatusCode).Append("\r\n");
        if (!string.IsNullOrEmpty(status.Detail))
        {
            builder.Append("grpc-message: ").Append(PercentEncoding.Encode(status.Detail)).Append("\r\n");
        }

        if (trailers is not null)
        {
            foreach (var entry in trailers)
            {
                var value = entry.IsBinary ? MetadataCodec.EncodeBase64Unpadded(entry.ValueBytes) : entry.Value;
                builder.Append(entry.Key).Append(": ").Append(value).Append("\r\n");
            }
        }

        var text = builder.ToString();
        var length = Encoding.ASCII.GetByteCount(text);
        var span = writer.GetSpan(GrpcProtocolConstants.HeaderSize + length);
        span[0] = GrpcProtocolConstants.WebTrailersFlag;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
        Encoding.ASCII.GetBytes(text, span[GrpcProtocolConstants.HeaderSize..]);
        writer.Advance(GrpcProtocolConstants.HeaderSize + length);
    }

    private static void WriteFrame(IBufferWriter<byte> writer, byte flag, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(GrpcProtocolConstants.HeaderSize + payload.Length);
        span[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)payload.Length);
        payload.CopyTo(span[GrpcProtocolConstants.HeaderSize..]);
        writer.Advance(GrpcProtocolConstants.HeaderSize + payload.Length);
    }
}
