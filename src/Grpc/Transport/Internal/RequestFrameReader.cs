using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// Reads length-prefixed messages from the request body (PROTOCOL-HTTP2.md#requests, Length-Prefixed-Message).
/// The declared length is checked against the limit before anything is buffered.
/// </summary>
internal sealed class RequestFrameReader(RequestBody reader, int maxReceiveMessageSize, bool gzip)
{
    // A read kept back by Accept (nothing advanced yet): the next read starts from it instead of the pipe.
    private ReadResult _pending;
    private bool _hasPending;

    // The body ended right after the last message read: ReadEndAsync has nothing left to check.
    private bool _endedAfterMessage;

    /// <summary>The request body, for the single-request prefetch loop.</summary>
    public RequestBody Body => reader;

    /// <summary>
    /// True once a single-message call can be read without waiting again: the body ended, or it holds more than
    /// one message's bytes (or a header that will be refused). Until then the caller reads <see cref="Body"/> and
    /// passes each result to <see cref="Accept"/>, so the wait happens in one place rather than in every layer.
    /// </summary>
    public bool SingleRequestReady => _hasPending;

    public void Accept(in ReadResult result)
    {
        var buffer = result.Buffer;
        if (result.IsCompleted || result.IsCanceled || HoldsMoreThanOneFrame(buffer))
        {
            _pending = result;
            _hasPending = true;
            return;
        }

        // Nothing consumed; everything examined: wait for more bytes.
        reader.AdvanceTo(buffer.Start, buffer.End);
    }

    /// <summary>Reads the next message, or returns null at the end of the request body.</summary>
    public async ValueTask<T?> ReadAsync<T>(MessageCodec<T> codec, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = _hasPending ? _pending : await reader.ReadAsync(cancellationToken);
            _hasPending = false;
            _pending = default;
            var buffer = result.Buffer;
            bool complete;
            bool compressed;
            ReadOnlySequence<byte> payload;
            try
            {
                complete = TryReadFrame(buffer, out compressed, out payload);
            }
            catch (RpcException)
            {
                // Leave the reader usable so the server can drain or discard the rest of the body.
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }

            if (complete)
            {
                _endedAfterMessage = result.IsCompleted && payload.End.Equals(buffer.End);
                try
                {
                    return Deserialize(codec, payload, compressed);
                }
                finally
                {
                    reader.AdvanceTo(payload.End);
                }
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                if (buffer.Length == 0)
                {
                    return null;
                }

                throw new RpcException(GrpcProtocolConstants.IncompleteMessage);
            }

            // Nothing consumed; everything examined: wait for more bytes.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads to the end of the body; throws if anything but the end follows (unary requests).</summary>
    public ValueTask ReadEndAsync(CancellationToken cancellationToken) =>
        _endedAfterMessage ? ValueTask.CompletedTask : ReadToEndAsync(cancellationToken);

    private async ValueTask ReadToEndAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var length = result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (length > 0)
            {
                throw new RpcException(GrpcProtocolConstants.AdditionalData);
            }

            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    // More bytes than the first frame needs, or a first header that TryReadFrame will refuse.
    private bool HoldsMoreThanOneFrame(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < GrpcProtocolConstants.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocolConstants.HeaderSize];
        buffer.Slice(0, GrpcProtocolConstants.HeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        return header[0] > 1 || (header[0] == 1 && !gzip) || length > (uint)maxReceiveMessageSize ||
            buffer.Length > GrpcProtocolConstants.HeaderSize + length;
    }

    private bool TryReadFrame(in ReadOnlySequence<byte> buffer, out bool compressed, out ReadOnlySequence<byte> payload)
    {
        compressed = false;
        payload = default;
        if (buffer.Length < GrpcProtocolConstants.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocolConstants.HeaderSize];
        buffer.Slice(0, GrpcProtocolConstants.HeaderSize).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(GrpcProtocolConstants.BadCompressedFlag),
        };

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxReceiveMessageSize)
        {
            throw new RpcException(GrpcProtocolConstants.MessageTooLarge);
        }

        if (compressed && !gzip)
        {
            throw new RpcException(GrpcProtocolConstants.CompressedWithoutEncoding);
        }

        if (buffer.Length < GrpcProtocolConstants.HeaderSize + length)
        {
            return false;
        }

        payload = buffer.Slice(GrpcProtocolConstants.HeaderSize, length);
        return true;
    }

    private T Deserialize<T>(MessageCodec<T> codec, in ReadOnlySequence<byte> payload, bool compressed)
        where T : class, IMessage<T>
    {
        if (!compressed)
        {
            try
            {
                return codec.Parse(payload);
            }
            catch (InvalidProtocolBufferException)
            {
                throw new RpcException(GrpcProtocolConstants.ParseFailed);
            }
        }

        byte[] rented;
        int length;
        try
        {
            length = MessageCompression.Decompress(payload, maxReceiveMessageSize, out rented);
        }
        catch (InvalidDataException)
        {
            throw new RpcException(GrpcProtocolConstants.DecompressFailed);
        }

        try
        {
            if (length < 0)
            {
                throw new RpcException(GrpcProtocolConstants.DecompressedMessageTooLarge);
            }

            return codec.Parse(rented.AsSpan(0, length));
        }
        catch (InvalidProtocolBufferException)
        {
            throw new RpcException(GrpcProtocolConstants.ParseFailed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
