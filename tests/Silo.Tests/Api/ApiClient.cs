using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;

namespace Maimai.Silo.Tests.Api;

/// <summary>The end of one call as the wire showed it: status, message, the google.rpc.Status details and the response messages.</summary>
public sealed record CallResult<T>(int Status, string? Message, Google.Rpc.Status? Details, IReadOnlyList<T> Responses)
    where T : IMessage<T>
{
    public T Response => Status == 0
        ? Assert.Single(Responses)
        : throw new Xunit.Sdk.XunitException($"The call failed with status {Status}: {Message}");

    /// <summary>The ErrorInfo every error carries (common.proto).</summary>
    public Google.Rpc.ErrorInfo ErrorInfo =>
        Assert.Single(Assert.IsType<Google.Rpc.Status>(Details).Details, d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Unpack<Google.Rpc.ErrorInfo>();

    public TDetail Detail<TDetail>()
        where TDetail : IMessage<TDetail>, new() =>
        Assert.Single(Assert.IsType<Google.Rpc.Status>(Details).Details, d => d.Is(new TDetail().Descriptor)).Unpack<TDetail>();
}

/// <summary>
/// A small typed gRPC client over HttpClient h2c: frames a protobuf request, sends the bearer token, and decodes
/// response frames, grpc-status, grpc-message and grpc-status-details-bin (headers for Trailers-Only, else trailers).
/// </summary>
public sealed class ApiClient(HttpClient http, string? token = null)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public string? Token { get; } = token;

    public ApiClient WithToken(string? newToken) => new(http, newToken);

    public async Task<CallResult<TResponse>> CallAsync<TResponse>(string path, IMessage request)
        where TResponse : IMessage<TResponse>, new()
    {
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var message = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        message.Headers.TryAddWithoutValidation("TE", "trailers");
        if (Token is not null)
        {
            message.Headers.TryAddWithoutValidation("authorization", Token.StartsWith("Bearer ", StringComparison.Ordinal) || Token.StartsWith("Basic ", StringComparison.Ordinal) ? Token : "Bearer " + Token);
        }

        using var response = await http.SendAsync(message).WaitAsync(Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        string? Header(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var t) ? t.Single()
            : response.Headers.TryGetValues(name, out var h) ? h.Single() : null;

        var status = int.Parse(Header("grpc-status") ?? throw new Xunit.Sdk.XunitException("no grpc-status"), System.Globalization.CultureInfo.InvariantCulture);
        var detailsText = Header("grpc-status-details-bin");
        var details = detailsText is null ? null : Google.Rpc.Status.Parser.ParseFrom(DecodeBase64(detailsText));
        if (details is not null)
        {
            Assert.Equal(status, details.Code);
        }

        var parser = new MessageParser<TResponse>(() => new TResponse());
        var responses = new List<TResponse>();
        for (var offset = 0; offset < body.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            responses.Add(parser.ParseFrom(body, offset + 5, length));
            offset += 5 + length;
        }

        var grpcMessage = Header("grpc-message");
        return new CallResult<TResponse>(status, grpcMessage is null ? null : Uri.UnescapeDataString(grpcMessage), details, responses);
    }

    private static byte[] DecodeBase64(string text)
    {
        var padded = text.Length % 4 == 0 ? text : text + new string('=', 4 - (text.Length % 4));
        return Convert.FromBase64String(padded);
    }
}
