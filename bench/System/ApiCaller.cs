using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>How one unary call ended: the grpc-status (or -1 when the transport failed), its name, the reply, the time taken.</summary>
internal sealed record ApiAnswer<T>(int Status, string Code, T? Reply, double Milliseconds);

/// <summary>
/// Unary maimai.v1 calls as the two kinds of client send them: native gRPC over h2c with an API token, and
/// gRPC-Web (binary) over HTTP/1.1 with the site's session cookie and origin. Each caller owns its own connection
/// pool, so the round-robin front sends each caller's connections to one silo or the other. Every call has a timeout.
/// </summary>
internal sealed partial class ApiCaller : IDisposable
{
    private static readonly string[] StatusNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    private readonly HttpClient _http;
    private readonly bool _web;
    private readonly string _origin;

    public ApiCaller(Uri front, bool web, TimeSpan timeout)
    {
        _web = web;
        _origin = front.GetLeftPart(UriPartial.Authority);
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromSeconds(30), // connections move between silos as they come and go
        })
        { BaseAddress = front, Timeout = timeout };
    }

    public static string CodeName(int status) => status >= 0 && status < StatusNames.Length ? StatusNames[status] : "TRANSPORT";

    /// <summary>Calls "Service/Method" with a bearer token (native) or a cookie (web).</summary>
    public async Task<ApiAnswer<T>> CallAsync<T>(string method, IMessage request, MessageParser<T> parser, string credential, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/maimai.v1." + method) { Content = new ByteArrayContent(frame) };
        if (_web)
        {
            message.Version = HttpVersion.Version11;
            message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc-web+proto");
            message.Headers.TryAddWithoutValidation("Cookie", credential);
            message.Headers.TryAddWithoutValidation("Origin", _origin);
            message.Headers.TryAddWithoutValidation("X-Grpc-Web", "1");
        }
        else
        {
            message.Version = HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
            message.Headers.TryAddWithoutValidation("TE", "trailers");
            message.Headers.TryAddWithoutValidation("authorization", "Bearer " + credential);
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new ApiAnswer<T>(-1, "HTTP_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), null, elapsed);
            }

            var status = _web ? WebStatus(response, body) : NativeStatus(response);
            T? reply = null;
            if (status == 0 && body.Length >= 5)
            {
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
                reply = parser.ParseFrom(body, 5, length);
            }

            return new ApiAnswer<T>(status, status == 0 && reply is null ? "NO_MESSAGE" : CodeName(status), reply, elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or InvalidProtocolBufferException)
        {
            var code = e is TaskCanceledException && !cancellationToken.IsCancellationRequested ? "CLIENT_TIMEOUT" : "TRANSPORT";
            return new ApiAnswer<T>(-1, code, null, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    public void Dispose() => _http.Dispose();

    private static int NativeStatus(HttpResponseMessage response)
    {
        var text = response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First()
            : response.Headers.TryGetValues("grpc-status", out var h) ? h.First() : null;
        return text is null ? -1 : int.Parse(text, CultureInfo.InvariantCulture);
    }

    // gRPC-Web puts the trailers in a last frame (flag 0x80) of the body, or in the headers when there is no message.
    private static int WebStatus(HttpResponseMessage response, byte[] body)
    {
        if (response.Headers.TryGetValues("grpc-status", out var only))
        {
            return int.Parse(only.First(), CultureInfo.InvariantCulture);
        }

        var offset = 0;
        while (offset + 5 <= body.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            if ((body[offset] & 0x80) != 0 && offset + 5 + length <= body.Length)
            {
                var match = GrpcStatus().Match(Encoding.ASCII.GetString(body, offset + 5, length));
                return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
            }

            offset += 5 + length;
        }

        return -1;
    }

    [GeneratedRegex(@"grpc-status:\s*(\d+)")]
    private static partial Regex GrpcStatus();
}
