using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// application/grpc-web-text: base64 bodies (PROTOCOL-WEB.md, text-encoded streams). A request body may be several
/// padded base64 chunks back to back; each response flush is encoded and padded on its own.
/// </summary>
internal static class GrpcWebText
{
    /// <summary>Reads the whole text body (bounded) and returns a reader over the decoded bytes.</summary>
    public static async ValueTask<PipeReader> DecodeRequestAsync(RequestBody body, int maxReceiveMessageSize, CancellationToken cancellationToken)
    {
        // A frame of the largest allowed message, base64-encoded, plus slack for chunk padding.
        var limit = (((long)maxReceiveMessageSize + GrpcProtocolConstants.HeaderSize + 2) / 3 * 4) + 1024;
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken);
            if (result.Buffer.Length > limit)
            {
                body.AdvanceTo(result.Buffer.End);
                throw new RpcException(GrpcProtocolConstants.MessageTooLarge);
            }

            if (result.IsCompleted)
            {
                try
                {
                    return PipeReader.Create(new ReadOnlySequence<byte>(Decode(result.Buffer)));
                }
                finally
                {
                    body.AdvanceTo(result.Buffer.End);
                }
            }

            body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    public static byte[] Decode(in ReadOnlySequence<byte> text)
    {
        var input = text.ToArray();
        var output = new byte[Base64.GetMaxDecodedFromUtf8Length(input.Length)];
        var read = 0;
        var written = 0;
        while (read < input.Length)
        {
            // A chunk ends after the quad that holds its first '=' (or at the end of the body).
            var rest = input.AsSpan(read);
            var padding = rest.IndexOf((byte)'=');
            var chunkLength = padding < 0 ? rest.Length : Math.Min(rest.Length, ((padding / 4) + 1) * 4);
            var status = Base64.DecodeFromUtf8(rest[..chunkLength], output.AsSpan(written), out var consumed, out var produced);
            if (status != OperationStatus.Done || consumed != chunkLength)
            {
                throw new RpcException(GrpcProtocolConstants.BadBase64Body);
            }

            read += chunkLength;
            written += produced;
        }

        return output.AsSpan(0, written).ToArray();
    }

    /// <summary>Writes <paramref name="binary"/> as one padded base64 segment.</summary>
    public static void Encode(ReadOnlySpan<byte> binary, IBufferWriter<byte> destination)
    {
        if (binary.IsEmpty)
        {
            return;
        }

        var span = destination.GetSpan(Base64.GetMaxEncodedToUtf8Length(binary.Length));
        Base64.EncodeToUtf8(binary, span, out _, out var written);
        destination.Advance(written);
    }
}
