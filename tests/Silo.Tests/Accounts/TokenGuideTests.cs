using System.Net;
using Maimai.Silo.Tests.Hosting;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>The token guide: served by the Silo without login, for phones, about both sites, with nothing loaded from elsewhere.</summary>
public sealed class TokenGuideTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_guide_is_a_static_page_anyone_can_open_that_names_each_sites_cookie_and_runs_no_script()
    {
        await using var silo = await InProcessSilo.StartAsync().WaitAsync(Timeout);
        using var http = silo.Http1From("127.0.0.1"); // no API token, no cookie

        using var response = await http.GetAsync(new Uri("/setup/dxnet-token", UriKind.Relative)).WaitAsync(Timeout);
        var html = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("width=device-width", html, StringComparison.Ordinal);
        foreach (var fact in new[] { "maimaidx-eng.com", "lng-tgk-aime-gw.am-all.net", "clal=", "maimaidx.jp", "userId=", "HttpOnly", "04:00" })
        {
            Assert.Contains(fact, html, StringComparison.Ordinal);
        }

        // Nothing runs and nothing is fetched from another site: the real sites are only links the player taps.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
