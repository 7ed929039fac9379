using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;

namespace Maimai.Benchmarks.Fetching;

/// <summary>The end of a call as the wire showed it: grpc-status, grpc-message and the response messages.</summary>
internal sealed record GrpcReply<T>(int Status, string? Message, IReadOnlyList<T> Messages);

/// <summary>
/// maimai.v1.FetchService over real gRPC (h2c with prior knowledge) on HttpClient: frames the request, sends the
/// bearer token, and reads response frames as they arrive (WatchFetch streams), then the trailers. Several
/// HTTP/2 connections are allowed, since Kestrel caps streams per connection (100) and 500 watches are open at once.
/// </summary>
internal sealed class FetchApiClient(Uri grpcBase) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        BaseAddress = grpcBase,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public Task<GrpcReply<StartFetchResponse>> StartFetchAsync(string token, CancellationToken cancellationToken) =>
        CallAsync("StartFetch", new StartFetchRequest { Region = Region.Intl }, token, StartFetchResponse.Parser, null, cancellationToken);

    public Task<GrpcReply<GetFetchResponse>> GetFetchAsync(string token, string fetchId, CancellationToken cancellationToken) =>
        CallAsync("GetFetch", new GetFetchRequest { FetchId = fetchId }, token, GetFetchResponse.Parser, null, cancellationToken);

    /// <summary>Follows a fetch; <paramref name="seen"/> gets every message as it arrives.</summary>
    public Task<GrpcReply<WatchFetchResponse>> WatchFetchAsync(string token, string fetchId, Action<Fetch> seen, CancellationToken cancellationToken) =>
        CallAsync("WatchFetch", new WatchFetchRequest { FetchId = fetchId }, token, WatchFetchResponse.Parser, m => seen(m.Fetch), cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<GrpcReply<T>> CallAsync<T>(string method, IMessage request, string token, MessageParser<T> parser,
        Action<T>? onMessage, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/maimai.v1.FetchService/" + method)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        message.Headers.TryAddWithoutValidation("TE", "trailers");
        message.Headers.TryAddWithoutValidation("authorization", "Bearer " + token);

        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new GrpcReply<T>(-1, $"HTTP {(int)response.StatusCode}", []);
        }

        var messages = new List<T>();
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            var header = new byte[5];
            while (await ReadExactlyOrEndAsync(body, header, cancellationToken))
            {
                var bytes = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1))];
                await body.ReadExactlyAsync(bytes, cancellationToken);
                var parsed = parser.ParseFrom(bytes);
                messages.Add(parsed);
                onMessage?.Invoke(parsed);
            }
        }

        string? Header(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var t) ? t.Single()
            : response.Headers.TryGetValues(name, out var h) ? h.Single() : null;

        var status = Header("grpc-status") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : -1;
        var grpcMessage = Header("grpc-message");
        return new GrpcReply<T>(status, grpcMessage is null ? null : Uri.UnescapeDataString(grpcMessage), messages);
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return read == buffer.Length
            ? true
            : read == 0 ? false : throw new InvalidDataException("The response ended inside a frame header.");
    }
}
