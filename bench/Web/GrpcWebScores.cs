using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;

namespace Maimai.Benchmarks.Web;

/// <summary>
/// The bare calls the site's scores table makes: gRPC-Web (binary) over HTTP/1.1 with the browser's session cookie
/// and origin, ListScores at the largest page until the last page, with nothing rendered.
/// </summary>
public sealed partial class GrpcWebScores : IDisposable
{
    private const int PageSize = 500; // the site's own page size (web/src/ScoresCard.tsx), the largest the server serves
    private readonly HttpClient _http;
    private readonly string _cookie;
    private readonly string _origin;

    public GrpcWebScores(Uri site, string cookie)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = site, Timeout = TimeSpan.FromSeconds(60) };
        _cookie = cookie;
        _origin = site.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>The newest snapshot of <paramref name="region"/>, as the site picks it by default.</summary>
    public async Task<string> LatestSnapshotAsync(Region region, CancellationToken cancellationToken)
    {
        var list = await CallAsync("SnapshotService/ListSnapshots", new ListSnapshotsRequest { Region = region, PageSize = 1 }, ListSnapshotsResponse.Parser, cancellationToken);
        return list.Snapshots.Count == 1 ? list.Snapshots[0].Id : throw new InvalidOperationException("The bench user has no snapshot.");
    }

    /// <summary>Every page of the snapshot's scores; returns how many scores came.</summary>
    public async Task<int> ReadAllAsync(string snapshotId, CancellationToken cancellationToken)
    {
        var request = new ListScoresRequest { SnapshotId = snapshotId, PageSize = PageSize };
        var seen = 0;
        while (true)
        {
            var page = await CallAsync("SnapshotService/ListScores", request, ListScoresResponse.Parser, cancellationToken);
            seen += page.Scores.Count;
            if (page.NextPageToken.Length == 0)
            {
                return seen;
            }

            request.PageToken = page.NextPageToken;
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> CallAsync<T>(string method, IMessage request, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/maimai.v1." + method) { Content = new ByteArrayContent(frame), Version = HttpVersion.Version11 };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc-web+proto");
        message.Headers.TryAddWithoutValidation("Cookie", _cookie);
        message.Headers.TryAddWithoutValidation("Origin", _origin);
        message.Headers.TryAddWithoutValidation("X-Grpc-Web", "1");
        using var response = await _http.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.Headers.TryGetValues("grpc-status", out var only))
        {
            throw new InvalidOperationException($"{method} answered grpc-status {only.First()} with no message.");
        }

        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        var trailers = Encoding.ASCII.GetString(body, 10 + length, body.Length - 10 - length);
        var status = GrpcStatus().Match(trailers).Groups[1].Value;
        return status == "0" ? parser.ParseFrom(body, 5, length) : throw new InvalidOperationException($"{method} answered grpc-status {status}.");
    }

    [GeneratedRegex(@"grpc-status:\s*(\d+)")]
    private static partial Regex GrpcStatus();
}
