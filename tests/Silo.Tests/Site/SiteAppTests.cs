using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Maimai.Silo.Accounts.TokenGuide;
using Maimai.Silo.Site;

namespace Maimai.Silo.Tests.Site;

/// <summary>The real host serves the site: index.html under a strict policy at / and client routes, its assets with their types.</summary>
[Collection(SiteGroup.Name)]
public sealed partial class SiteAppTests(SiteFixture site)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("/")]
    [InlineData("/jp")]
    [InlineData("/intl")]
    [InlineData("/jp/snapshots/2026-12-06")]
    [InlineData("/intl/snapshots/42")]
    [InlineData("/tokens")]
    [InlineData("/sharing")]
    [InlineData("/app/index.html")]
    public async Task A_page_address_answers_the_committed_index_html_under_a_strict_policy(string path)
    {
        using var http = Client();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SiteBundle.Read("index.html"), await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-cache", Header(response, "Cache-Control"));

        var policy = Directives(Header(response, "Content-Security-Policy"));
        Assert.Equal("'none'", policy["default-src"]);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["base-uri"]);
        // Our own images and the DX NET image folders where the players' icons are, nothing else.
        Assert.Equal("'self' https://maimaidx-eng.com/maimai-mobile/img/ https://maimaidx.jp/maimai-mobile/img/", policy["img-src"]);
        Assert.DoesNotContain(policy.Values, v => v.Contains("unsafe", StringComparison.Ordinal) || v.Contains('*', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/u/rin_chan-99", "rin_chan-99")]
    [InlineData("/u/Rin_Chan-99", "rin_chan-99")]
    [InlineData("/u/x", null)]
    [InlineData("/u/%3Cscript%3E", null)]
    public async Task A_public_profile_address_answers_index_html_titled_with_the_name_under_the_same_policy(string path, string? titled)
    {
        using var http = Client();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).WaitAsync(Timeout);
        var body = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", Header(response, "Cache-Control"));
        Assert.Equal(SiteApp.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        var committed = System.Text.Encoding.UTF8.GetString(SiteBundle.Read("index.html"));
        if (titled is null)
        {
            // A name nobody can have (too short, markup): the app's page as committed, nothing of the address in it.
            Assert.Equal(committed, body);
            Assert.DoesNotContain("script%3E", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"<title>{titled} · maimai DX score tracker</title>", body, StringComparison.Ordinal);
            Assert.Contains($"<meta property=\"og:title\" content=\"{titled} · maimai DX\">", body, StringComparison.Ordinal);
            // The same app: only the head differs.
            Assert.Equal(AssetReference().Matches(committed).Select(m => m.Value), AssetReference().Matches(body).Select(m => m.Value));
        }
    }

    [Fact]
    public async Task The_assets_index_html_names_are_served_as_committed_with_their_types()
    {
        using var http = Client();
        var index = await http.GetStringAsync(new Uri("/", UriKind.Relative)).WaitAsync(Timeout);
        var assets = AssetReference().Matches(index).Select(m => m.Groups["path"].Value).ToList();
        Assert.Equal(["/app/app.css", "/app/app.js"], assets.Select(a => a.Split('?')[0]).Order());

        foreach (var asset in assets)
        {
            using var response = await http.GetAsync(new Uri(asset, UriKind.Relative)).WaitAsync(Timeout);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var file = asset.Split('?')[0][(SiteApp.AssetsPath.Length + 1)..];
            Assert.Equal(file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/css", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            // Addressed by content hash, so the browser may keep it for good.
            Assert.Contains("immutable", Header(response, "Cache-Control"), StringComparison.Ordinal);
            Assert.Equal(SiteBundle.Read(file), await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout));
        }
    }

    [Fact]
    public async Task The_script_travels_gzipped_to_a_browser_that_accepts_it()
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, SiteApp.AssetsPath + "/app.js");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await http.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        var sent = await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);
        var script = SiteBundle.Read("app.js");
        // At gzip's smallest level: within a few per cent of what that level gives here, not the fastest level's quarter more.
        var smallest = SmallestGzip(script);
        Assert.True(sent.Length <= smallest * 1.03, $"{sent.Length:N0} bytes sent for a script gzip makes {smallest:N0} bytes at its smallest");
        using var unzipped = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(sent), CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(unzipped).WaitAsync(Timeout);
        }

        Assert.Equal(script, unzipped.ToArray());
    }

    private static long SmallestGzip(byte[] bytes)
    {
        using var zipped = new MemoryStream();
        using (var gzip = new GZipStream(zipped, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return zipped.Length;
    }

    [Fact]
    public async Task The_page_itself_is_not_compressed()
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await http.SendAsync(request).WaitAsync(Timeout);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Theory]
    [InlineData("/app/missing.js")]
    [InlineData("/favicon.ico")]
    [InlineData("/jp/icon.png")]
    [InlineData("/signin/nowhere")]
    [InlineData("/elsewhere")]
    public async Task An_address_that_is_neither_a_file_nor_the_apps_is_404_not_the_page(string path)
    {
        using var http = Client();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_post_to_a_page_address_is_not_answered_with_the_page()
    {
        using var http = Client();
        using var response = await http.PostAsync(new Uri("/", UriKind.Relative), new StringContent("x")).WaitAsync(Timeout);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("/app/app.js", await response.Content.ReadAsStringAsync().WaitAsync(Timeout), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SignInPaths.SignIn, "Sign in")]
    [InlineData(TokenGuideEndpoint.Path, "token")]
    public async Task The_server_pages_stay_themselves(string path, string text)
    {
        using var http = Client();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
        Assert.Contains(text, body, StringComparison.Ordinal);
        Assert.DoesNotContain("/app/app.js", body, StringComparison.Ordinal);
    }

    private HttpClient Client() => new(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{site.Silo.HttpPort}"),
        Timeout = Timeout,
    };

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"no {name} header");

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    [GeneratedRegex("(?:src|href)=\"(?<path>/app/[^\"]+)\"")]
    private static partial Regex AssetReference();
}
