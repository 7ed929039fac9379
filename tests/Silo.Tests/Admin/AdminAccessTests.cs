using System.Net;
using Maimai.Admin;
using Maimai.Silo.Hosting;
using Maimai.Silo.Site;
using Maimai.Silo.Tests.Hosting;
using Maimai.Silo.Tests.Site;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Admin;

/// <summary>
/// Who may use the admin pages, for every page and handler the running app has (read from its action descriptors,
/// so a new page is covered the day it is added): signed out goes to sign in, a player gets 403, and a form posted
/// from another site, or without the page's antiforgery token, changes nothing.
/// </summary>
[Collection(AdminGroup.Name)]
public sealed class AdminAccessTests(AdminFixture admin)
{
    [Fact]
    public async Task The_page_list_is_read_from_the_app_and_holds_every_admin_page()
    {
        var calls = await AdminCallsAsync();

        Assert.Contains(calls, c => c.Method == "GET" && c.Url == "/Admin");
        Assert.True(calls.Any(c => c.Method == "POST"), "no admin page posts anything: " + string.Join(", ", calls));
    }

    [Fact]
    public async Task Signed_out_every_admin_page_and_handler_sends_the_visitor_to_sign_in()
    {
        using var browser = admin.Browser();
        foreach (var call in await AdminCallsAsync())
        {
            var page = await SendAsync(browser, call);

            Assert.True(page.Status == HttpStatusCode.Found, $"{call}: {page.Status}");
            Assert.StartsWith($"{browser.Origin}{SignInPaths.SignIn}?ReturnUrl=", page.Location, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_signed_in_player_gets_403_on_every_admin_page_and_handler()
    {
        using var browser = admin.Browser();
        await browser.SignInAsDeveloperAsync("just a player");
        foreach (var call in await AdminCallsAsync())
        {
            var page = await SendAsync(browser, call);

            Assert.True(page.Status == HttpStatusCode.Forbidden, $"{call}: {page.Status}");
            Assert.Contains("for admins", page.Body, StringComparison.Ordinal);
            page.AssertFriendly();
        }
    }

    [Fact]
    public async Task An_admin_sees_the_admin_home_at_375_px_friendly()
    {
        using var browser = await admin.AdminAsync();

        var home = await browser.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Contains("width=device-width", home.Body, StringComparison.Ordinal);
        home.AssertFriendly();
    }

    [Fact]
    public async Task A_cross_site_post_or_one_without_a_valid_token_is_refused_on_every_handler_even_for_an_admin()
    {
        using var browser = await admin.AdminAsync();
        foreach (var call in (await AdminCallsAsync()).Where(c => c.Method == "POST"))
        {
            var foreign = await browser.PostAsync(call.Url, [("Title", "hijacked")], origin: "https://evil.example");
            Assert.True(foreign.Status == HttpStatusCode.Forbidden, $"{call} from another site: {foreign.Status}");
            Assert.Contains("another site", foreign.Body, StringComparison.Ordinal);

            var noToken = await browser.PostAsync(call.Url, [("Title", "hijacked")]);
            Assert.True(noToken.Status == HttpStatusCode.BadRequest, $"{call} without a token: {noToken.Status}");

            var badToken = await browser.PostAsync(call.Url, [("__RequestVerificationToken", "CfDJ8forged"), ("Title", "hijacked")]);
            Assert.True(badToken.Status == HttpStatusCode.BadRequest, $"{call} with a forged token: {badToken.Status}");
        }
    }

    [Fact]
    public async Task The_orleans_dashboard_is_for_admins_only()
    {
        using var visitor = admin.Browser();
        using var player = admin.Browser();
        await player.SignInAsDeveloperAsync("dashboard peeker");
        using var browser = await admin.AdminAsync();

        var signedOut = await visitor.GetAsync(AdminHosting.ClusterPath);
        Assert.Equal(HttpStatusCode.Found, signedOut.Status);
        Assert.StartsWith($"{visitor.Origin}{SignInPaths.SignIn}?ReturnUrl=", signedOut.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await player.GetAsync(AdminHosting.ClusterPath)).Status);
        var dashboard = await browser.GetAsync(AdminHosting.ClusterPath + "/");
        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        Assert.Contains("<html", dashboard.Body, StringComparison.OrdinalIgnoreCase);
    }

    private static Task<SiteBrowser.Page> SendAsync(SiteBrowser browser, AdminCall call) =>
        call.Method == "GET" ? browser.GetAsync(call.Url) : browser.PostAsync(call.Url, []);

    /// <summary>Every admin page's GET and each of its named handlers, as the running app routes them.</summary>
    private async Task<IReadOnlyList<AdminCall>> AdminCallsAsync()
    {
        var services = admin.Silo.Services;
        var loader = services.GetRequiredService<PageLoader>();
        var pages = services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<PageActionDescriptor>()
            .Where(p => p.AreaName == AdminSite.Area)
            .ToList();
        Assert.NotEmpty(pages);
        var calls = new List<AdminCall>();
        foreach (var page in pages)
        {
            var compiled = await loader.LoadAsync(page, EndpointMetadataCollection.Empty).WaitAsync(InProcessSilo.Timeout);
            // Route parameters get a value that names nothing: authorization answers before any handler looks.
            var template = compiled.AttributeRouteInfo!.Template!;
            var url = "/" + System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", "1").TrimEnd('/');
            calls.Add(new AdminCall("GET", url));
            foreach (var handler in compiled.HandlerMethods)
            {
                var method = handler.HttpMethod.ToUpperInvariant();
                var named = handler.Name is null ? url : $"{url}?handler={handler.Name}";
                if (!calls.Contains(new AdminCall(method, named)))
                {
                    calls.Add(new AdminCall(method, named));
                }
            }
        }

        return calls;
    }

    private sealed record AdminCall(string Method, string Url)
    {
        public override string ToString() => $"{Method} {Url}";
    }
}
