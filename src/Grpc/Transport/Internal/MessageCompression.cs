using System.Buffers;
using System.IO.Compression;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>gzip for message payloads (doc/compression.md); the only algorithm besides identity.</summary>
internal static class MessageCompression
{
    public static bool IsSupported(string encoding) =>
        encoding is GrpcProtocolConstants.GzipEncoding or GrpcProtocolConstants.IdentityEncoding;

    /// <summary>True when a grpc-accept-encoding list names <paramref name="encoding"/>.</summary>
    public static bool Accepts(string? acceptEncoding, string encoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding))
        {
            return false;
        }

        foreach (var range in acceptEncoding.AsSpan().Split(','))
        {
            if (acceptEncoding.AsSpan()[range].Trim().Equals(encoding, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Inflates <paramref name="payload"/> into a pooled buffer; returns the length, or -1 past <paramref name="limit"/>.
    /// The caller returns <paramref name="rented"/> to the shared pool.
    /// </summary>
    public static int Decompress(in ReadOnlySequence<byte> payload, int limit, out byte[] rented)
    {
        var input = ArrayPool<byte>.Shared.Rent((int)payload.Length);
        rented = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(256, (int)payload.Length * 4), limit + 1));
        try
        {
            payload.CopyTo(input);
            using var source = new MemoryStream(input, 0, (int)payload.Length, writable: false);
            using var gzip = new GZipStream(source, CompressionMode.Decompress);
            var total = 0;
            while (true)
            {
                if (total == rented.Length)
                {
                    if (total > limit)
                    {
                        return -1;
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(rented.Length * 2, limit + 1));
                    rented.AsSpan(0, total).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(rented);
                    rented = bigger;
                }

                var read = gzip.Read(rented, total, rented.Length - total);
                if (read == 0)
                {
                    return total > limit ? -1 : total;
                }

                total += read;
                if (total > limit)
                {
                    return -1;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    public static void Compress(ReadOnlySpan<byte> message, IBufferWriter<byte> destination, CompressionLevel level)
    {
        using var stream = new BufferWriterStream(destination);
        using (var gzip = new GZipStream(stream, level, leaveOpen: true))
        {
            gzip.Write(message);
        }
    }

    /// <summary>A write-only stream onto an <see cref="IBufferWriter{T}"/>.</summary>
    private sealed class BufferWriterStream(IBufferWriter<byte> writer) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) => writer.Write(buffer);
    }
}
