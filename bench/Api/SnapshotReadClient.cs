using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;

namespace Maimai.Benchmarks.Api;

/// <summary>
/// One benchmark client: its own HttpClient (so its own HTTP/2 connection, as a separate app would have) speaking
/// gRPC over h2c with the generated messages: length-prefixed frames, bearer token, grpc-status from the
/// trailers (or the headers, for Trailers-Only). Grpc.Net.Client does not restore here (PACKAGES.md).
/// </summary>
public sealed class SnapshotReadClient : IDisposable
{
    /// <summary>The largest page ListScores serves (common.proto: larger values are capped at 500).</summary>
    public const int MaxPageSize = 500;

    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");
    private readonly HttpClient _http;
    private readonly string _authorization;

    public SnapshotReadClient(Uri baseAddress, string token)
    {
        _http = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _authorization = "Bearer " + token;
    }

    /// <summary>GetSnapshot, then ListScores (the largest page unless told) until the last page; returns the scores seen (and the pages, when asked).</summary>
    public async Task<int> ReadAllAsync(string snapshotId, CancellationToken cancellationToken, List<ListScoresResponse>? pages = null, int pageSize = MaxPageSize)
    {
        var snapshot = await CallAsync("/maimai.v1.SnapshotService/GetSnapshot", new GetSnapshotRequest { SnapshotId = snapshotId },
            GetSnapshotResponse.Parser, cancellationToken);
        if (snapshot.Snapshot?.Id != snapshotId)
        {
            throw new InvalidOperationException("GetSnapshot answered another snapshot.");
        }

        var seen = 0;
        var request = new ListScoresRequest { SnapshotId = snapshotId, PageSize = pageSize };
        while (true)
        {
            var page = await CallAsync("/maimai.v1.SnapshotService/ListScores", request, ListScoresResponse.Parser, cancellationToken);
            seen += page.Scores.Count;
            pages?.Add(page);
            if (page.NextPageToken.Length == 0)
            {
                return seen;
            }

            request.PageToken = page.NextPageToken;
        }
    }

    /// <summary>One ListScores page (the largest unless told) after <paramref name="pageToken"/>; returns the scores on it.</summary>
    public async Task<int> ReadPageAsync(string snapshotId, string pageToken, CancellationToken cancellationToken, int pageSize = MaxPageSize)
    {
        var request = new ListScoresRequest { SnapshotId = snapshotId, PageSize = pageSize, PageToken = pageToken };
        return (await CallAsync("/maimai.v1.SnapshotService/ListScores", request, ListScoresResponse.Parser, cancellationToken)).Scores.Count;
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> CallAsync<T>(string path, IMessage request, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        var size = request.CalculateSize();
        var frame = new byte[5 + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        request.WriteTo(frame.AsSpan(5));
        using var message = new HttpRequestMessage(HttpMethod.Post, path)
        {
            // h2c with prior knowledge: the port speaks HTTP/2 only.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        message.Content.Headers.ContentType = GrpcContentType;
        message.Headers.TryAddWithoutValidation("te", "trailers");
        message.Headers.TryAddWithoutValidation("authorization", _authorization);

        using var response = await _http.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var status = Header(response, "grpc-status");
        if (response.StatusCode != HttpStatusCode.OK || status != "0")
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: HTTP {(int)response.StatusCode}, grpc-status {status ?? "(none)"}: {Uri.UnescapeDataString(Header(response, "grpc-message") ?? "")}"));
        }

        if (body.Length < 5 || body[0] != 0 || BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)) != body.Length - 5)
        {
            throw new InvalidOperationException($"{path}: the response is not one uncompressed message.");
        }

        return parser.ParseFrom(body.AsSpan(5));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.FirstOrDefault()
        : response.Headers.TryGetValues(name, out var header) ? header.FirstOrDefault() : null;
}
