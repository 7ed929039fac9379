using System.Buffers.Binary;
using System.Net;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Site;
using Maimai.Silo.Storage;
using Maimai.Silo.Tests.Hosting;

namespace Maimai.Silo.Tests.Site;

/// <summary>
/// A browser for the sign-in pages: keeps cookies, never follows a redirect by itself (the tests follow them, so each
/// hop is seen), and fills the antiforgery token from the page as a real form would.
/// </summary>
internal sealed partial class SiteBrowser : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    public SiteBrowser(int httpPort)
    {
        Origin = $"http://127.0.0.1:{httpPort}";
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies })
        {
            BaseAddress = new Uri(Origin),
            Timeout = Timeout,
        };
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The site's own origin, as a browser would send it.</summary>
    public string Origin { get; }

    /// <summary>The session cookie's value, or null when there is none.</summary>
    public string? SessionCookie => Cookies.GetCookies(new Uri(Origin))[WebLoginSchemes.CookieName]?.Value;

    public async Task<Page> GetAsync(string url)
    {
        using var response = await _http.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute)).WaitAsync(Timeout);
        return await Page.ReadAsync(response);
    }

    /// <summary>Posts a form from the page at <paramref name="pageUrl"/> with its antiforgery token, as the browser would.</summary>
    public async Task<Page> SubmitAsync(string pageUrl, string action, params (string Name, string Value)[] fields)
    {
        var page = await GetAsync(pageUrl);
        var token = AntiforgeryField().Match(page.Body);
        Assert.True(token.Success, "the page has no antiforgery token");
        return await PostAsync(action, [(token.Groups["name"].Value, WebUtility.HtmlDecode(token.Groups["value"].Value)), .. fields]);
    }

    /// <summary>Posts a form without visiting the page, as another site's form would (the browser still sends our cookie).</summary>
    public async Task<Page> PostAsync(string action, (string Name, string Value)[] fields, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        request.Headers.TryAddWithoutValidation("Origin", origin ?? Origin);
        using var response = await _http.SendAsync(request).WaitAsync(Timeout);
        return await Page.ReadAsync(response);
    }

    /// <summary>Sends a request of the test's own making (a multipart upload, say) with this browser's cookies.</summary>
    public async Task<Page> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request).WaitAsync(Timeout);
        return await Page.ReadAsync(response);
    }

    /// <summary>Signs in with the development login and returns the page it lands on.</summary>
    public async Task<Page> SignInAsDeveloperAsync(string name)
    {
        var posted = await SubmitAsync(SignInPaths.SignIn, SignInPaths.Development, ("name", name));
        Assert.Equal(HttpStatusCode.SeeOther, posted.Status);
        return await GetAsync(posted.Location!);
    }

    /// <summary>
    /// Runs Discord's flow from the sign-in button through the authorize page to our callback, and returns the
    /// callback's answer; <paramref name="callback"/> may change the callback address first (a tampered state).
    /// </summary>
    public async Task<Page> SignInWithDiscordAsync(Func<string, string>? callback = null)
    {
        var start = await GetAsync(SignInPaths.Discord);
        Assert.Equal(HttpStatusCode.Found, start.Status);
        var authorize = await GetAsync(start.Location!);
        Assert.Equal(HttpStatusCode.Found, authorize.Status);
        var back = authorize.Location!;
        Assert.StartsWith(Origin + SignInPaths.DiscordCallback, back, StringComparison.Ordinal);
        return await GetAsync(callback is null ? back : callback(back));
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"(?<name>__RequestVerificationToken)\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>An answer as the browser saw it.</summary>
    public sealed record Page(HttpStatusCode Status, string Body, string? Location, IReadOnlyList<string> SetCookies)
    {
        public static async Task<Page> ReadAsync(HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
            var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
            return new Page(response.StatusCode, body, response.Headers.Location?.ToString(), cookies);
        }

        /// <summary>A page for people: HTML, phone-friendly, never an exception or a stack trace.</summary>
        public void AssertFriendly()
        {
            Assert.Contains("<meta name=\"viewport\"", Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", Body, StringComparison.Ordinal);
            Assert.DoesNotContain(" at Microsoft.", Body, StringComparison.Ordinal);
            Assert.DoesNotContain(" at Maimai.", Body, StringComparison.Ordinal);
        }
    }
}

/// <summary>maimai.v1 GetMe with a raw session cookie, over gRPC-Web (HTTP/1.1) or native gRPC (h2c).</summary>
internal static class SessionCalls
{
    public const int Unauthenticated = 16;

    public static async Task<(int Status, GetMeResponse? Me)> GetMeAsync(
        InProcessSilo silo, string? sessionCookie, string? origin, string contentType = "application/grpc-web+proto", bool native = false)
    {
        using var http = native ? silo.Http2From("127.0.0.1") : silo.Http1From("127.0.0.1");
        var payload = new GetMeRequest().ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        var text = contentType.StartsWith("application/grpc-web-text", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/maimai.v1.AccountService/GetMe")
        {
            Content = text ? new StringContent(Convert.ToBase64String(frame)) : new ByteArrayContent(frame),
            Version = native ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        if (sessionCookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", $"{WebLoginSchemes.CookieName}={sessionCookie}");
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        using var response = await http.SendAsync(request).WaitAsync(SiteBrowser.Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(SiteBrowser.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The answer's own content type says whether it is base64: a grpc-web-text request may be answered in binary.
        if (response.Content.Headers.ContentType?.MediaType?.StartsWith("application/grpc-web-text", StringComparison.Ordinal) == true)
        {
            // Each frame is its own base64 run (with its own padding): decode four characters at a time.
            var chars = System.Text.Encoding.ASCII.GetString(body);
            body = [.. Enumerable.Range(0, chars.Length / 4).SelectMany(i => Convert.FromBase64String(chars.Substring(i * 4, 4)))];
        }

        // Trailers-Only: the status is a header; otherwise a message frame then the trailers (a 0x80 frame, or HTTP/2 trailers).
        var status = Header(response, "grpc-status");
        if (status is not null)
        {
            return (int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), null);
        }

        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        var me = GetMeResponse.Parser.ParseFrom(body, 5, length);
        var trailers = native
            ? Header(response, "grpc-status", trailing: true)
            : Regex.Match(System.Text.Encoding.ASCII.GetString(body, 10 + length, body.Length - 10 - length), @"grpc-status:\s*(\d+)").Groups[1].Value;
        return (int.Parse(trailers!, System.Globalization.CultureInfo.InvariantCulture), me);
    }

    private static string? Header(HttpResponseMessage response, string name, bool trailing = false) =>
        (trailing ? response.TrailingHeaders : response.Headers).TryGetValues(name, out var values) ? values.First() : null;
}

/// <summary>The Silo's SQLite file as the tests read it, through the production repositories.</summary>
internal static class SiloDatabase
{
    public static Database Open(DirectoryInfo folder) =>
        Database.FromOptions(new StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={Path.Combine(folder.FullName, "silo.db")}" });
}
