using Microsoft.Extensions.Primitives;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>Header names, content types, cached header values and the preallocated error statuses, in one place.</summary>
internal static class GrpcProtocolConstants
{
    public const string StatusTrailer = "grpc-status";
    public const string MessageTrailer = "grpc-message";
    public const string StatusDetailsTrailer = "grpc-status-details-bin";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string ContentTypeHeader = "content-type";

    public const string GrpcContentType = "application/grpc";
    public const string GrpcWebContentType = "application/grpc-web";
    public const string GrpcWebTextContentType = "application/grpc-web-text";

    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";

    /// <summary>The 5-byte message prefix: compressed flag + big-endian length (PROTOCOL-HTTP2.md#requests).</summary>
    public const int HeaderSize = 5;

    /// <summary>The gRPC-Web trailers frame flag: MSB of the first byte (PROTOCOL-WEB.md, message framing).</summary>
    public const byte WebTrailersFlag = 0x80;

    /// <summary>HTTP/2 error code NO_ERROR, used to reset a stream whose deadline passed after its trailers went out.</summary>
    public const int Http2NoError = 0x0;

    /// <summary>HTTP/2 error code CANCEL.</summary>
    public const int Http2Cancel = 0x8;

    public static readonly StringValues GrpcContentTypeValue = new(GrpcContentType);
    public static readonly StringValues GrpcWebContentTypeValue = new(GrpcWebContentType);
    public static readonly StringValues GrpcWebTextContentTypeValue = new(GrpcWebTextContentType);
    public static readonly StringValues GzipEncodingValue = new(GzipEncoding);

    /// <summary>What this server can decompress, advertised on every response (doc/compression.md).</summary>
    public static readonly StringValues AcceptEncodingValue = new("identity,gzip");

    /// <summary>"0" to "16": grpc-status values without formatting per call.</summary>
    public static readonly StringValues[] StatusValues = CreateStatusValues();

    // Request headers that belong to the protocol, not to the application's metadata.
    public static bool IsReservedRequestHeader(string name) =>
        name.Length == 0 || name[0] == ':' ||
        name is "content-type" or "te" or "host" or "grpc-timeout" or "grpc-encoding" or "grpc-accept-encoding"
            or "accept-encoding" or "content-length" or "connection" or "transfer-encoding";

    // Preallocated statuses with fixed messages (doc/statuscodes.md says which code each protocol failure gets).
    public static readonly Status MessageTooLarge = new(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size.");
    public static readonly Status DecompressedMessageTooLarge = new(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size after decompression.");
    public static readonly Status SendMessageTooLarge = new(StatusCode.ResourceExhausted, "Sending message exceeds the maximum configured message size.");
    public static readonly Status BadCompressedFlag = new(StatusCode.Internal, "Received a message with an invalid compressed flag.");
    public static readonly Status CompressedWithoutEncoding = new(StatusCode.Internal, "Received a compressed message but the request did not include grpc-encoding.");
    public static readonly Status DecompressFailed = new(StatusCode.Internal, "Failed to decompress the received message.");
    public static readonly Status IncompleteMessage = new(StatusCode.Internal, "Received an incomplete message.");
    public static readonly Status MissingMessage = new(StatusCode.Internal, "Request did not include a message.");
    public static readonly Status AdditionalData = new(StatusCode.Internal, "Additional data after the request message.");
    public static readonly Status ParseFailed = new(StatusCode.Internal, "Failed to parse the request message.");
    public static readonly Status BadTimeout = new(StatusCode.Internal, "Request header grpc-timeout is malformed.");
    public static readonly Status BadMetadata = new(StatusCode.Internal, "Request metadata is malformed.");
    public static readonly Status BadBase64Body = new(StatusCode.Internal, "Request body is not valid base64.");
    public static readonly Status UnsupportedEncoding = new(StatusCode.Unimplemented, "Unsupported grpc-encoding value. Supported encodings: identity, gzip.");
    public static readonly Status UnimplementedService = new(StatusCode.Unimplemented, "Service is unimplemented.");
    public static readonly Status UnimplementedMethod = new(StatusCode.Unimplemented, "Method is unimplemented.");
    public static readonly Status HandlerFailed = new(StatusCode.Unknown, "Exception was thrown by handler.");
    public static readonly Status DeadlineExceeded = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");
    public static readonly Status ShuttingDown = new(StatusCode.Unavailable, "The server is shutting down.");
    public static readonly Status ClientCancelled = new(StatusCode.Cancelled, "Call canceled by the client.");
    public static readonly Status ServerCancelled = new(StatusCode.Unavailable, "The server stopped before the call finished.");

    private static StringValues[] CreateStatusValues()
    {
        var values = new StringValues[17];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new StringValues(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    }
}
