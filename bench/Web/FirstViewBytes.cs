using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;

namespace Maimai.Benchmarks.Web;

/// <summary>One file of the first view as the Silo serves it: its bytes on the wire without and with gzip.</summary>
public sealed record ServedFile(string Kind, string Path, long RawBytes, long GzipBytes, string GzipEncoding, long SmallestGzipBytes);

/// <summary>
/// The first view's files: the page at / and the stylesheets and scripts it names, each asked for twice, once with
/// `Accept-Encoding: identity` and once with `gzip` (as a browser asks), and counted as the body bytes received.
/// </summary>
public static partial class FirstViewBytes
{
    public static async Task<IReadOnlyList<ServedFile>> MeasureAsync(Uri site, CancellationToken cancellationToken)
    {
        // No automatic decompression: the bytes counted are the bytes sent.
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = site };
        var html = await FetchAsync(http, "/", "identity", cancellationToken);
        var page = System.Text.Encoding.UTF8.GetString(html.Body);
        var files = new List<ServedFile> { await MeasureFileAsync(http, "HTML", "/", cancellationToken) };
        foreach (Match m in Stylesheet().Matches(page))
        {
            files.Add(await MeasureFileAsync(http, "CSS", WebUtility.HtmlDecode(m.Groups[1].Value), cancellationToken));
        }

        foreach (Match m in Script().Matches(page))
        {
            files.Add(await MeasureFileAsync(http, "JS", WebUtility.HtmlDecode(m.Groups[1].Value), cancellationToken));
        }

        return files.Count >= 3 ? files : throw new InvalidOperationException("The page names no stylesheet or no script:\n" + page);
    }

    private static async Task<ServedFile> MeasureFileAsync(HttpClient http, string kind, string path, CancellationToken cancellationToken)
    {
        var raw = await FetchAsync(http, path, "identity", cancellationToken);
        var gzip = await FetchAsync(http, path, "gzip", cancellationToken);
        return new ServedFile(kind, path, raw.Body.Length, gzip.Body.Length, gzip.Encoding, SmallestGzip(raw.Body));
    }

    private static long SmallestGzip(byte[] raw)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        return packed.Length;
    }

    private static async Task<(byte[] Body, string Encoding)> FetchAsync(HttpClient http, string path, string encoding, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (body, string.Join(",", response.Content.Headers.ContentEncoding) is { Length: > 0 } e ? e : "none");
    }

    [GeneratedRegex("""<link rel="stylesheet" href="([^"]+)">""")]
    private static partial Regex Stylesheet();

    [GeneratedRegex("""<script[^>]* src="([^"]+)"[^>]*>""")]
    private static partial Regex Script();
}
