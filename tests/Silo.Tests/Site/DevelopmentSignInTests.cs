using System.Net;
using Maimai.Silo.Site;
using Maimai.Silo.Tests.Hosting;
using Maimai.Testing;

namespace Maimai.Silo.Tests.Site;

/// <summary>The development login: there in Development, absent (404) in Production; and the page without Discord.</summary>
[Collection(SiteGroup.Name)]
public sealed class DevelopmentSignInTests(SiteFixture site)
{
    [Fact]
    public async Task In_Development_any_name_signs_in_and_the_same_name_is_the_same_user()
    {
        using var first = site.Browser();
        using var second = site.Browser();

        var page = await first.SignInAsDeveloperAsync("Dev Player");
        await second.SignInAsDeveloperAsync("dev player");

        Assert.Contains("Signed in as <strong>Dev Player</strong>", page.Body, StringComparison.Ordinal);
        var (_, a) = await SessionCalls.GetMeAsync(site.Silo, first.SessionCookie, first.Origin);
        var (_, b) = await SessionCalls.GetMeAsync(site.Silo, second.SessionCookie, second.Origin);
        Assert.Equal(a!.UserId, b!.UserId);
        Assert.Equal("", a.DiscordId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a name that is far too long for anyone")]
    public async Task A_bad_name_is_refused_with_the_form_kept(string name)
    {
        using var browser = site.Browser();

        var page = await browser.SubmitAsync(SignInPaths.SignIn, SignInPaths.Development, ("name", name));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("Pick a user name of 1 to 32 characters.", page.Body, StringComparison.Ordinal);
        Assert.Contains($"value=\"{WebUtility.HtmlEncode(name.Trim())}\"", page.Body, StringComparison.Ordinal);
        page.AssertFriendly();
        Assert.Null(browser.SessionCookie);
    }

    [Fact]
    public async Task In_Production_the_development_login_does_not_exist_and_Discord_unreachable_ends_on_a_clear_page()
    {
        var closed = FreePort.Next();
        await using var silo = await InProcessSilo.StartAsync(
            "--environment=Production", "--Discord:ClientId=id", "--Discord:ClientSecret=secret",
            $"--Discord:AuthorizationEndpoint=http://127.0.0.1:{closed}/oauth2/authorize",
            $"--Discord:TokenEndpoint=http://127.0.0.1:{closed}/api/oauth2/token",
            $"--Discord:UserInformationEndpoint=http://127.0.0.1:{closed}/api/users/@me").WaitAsync(InProcessSilo.Timeout);
        using var browser = new SiteBrowser(silo.HttpPort);

        var signIn = await browser.GetAsync(SignInPaths.SignIn);
        Assert.DoesNotContain(SignInPaths.Development, signIn.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync(SignInPaths.Development, [("name", "sneaky")])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(SignInPaths.Development)).Status);

        // Discord's authorize page would have sent the browser back with a code; the token endpoint is a closed port.
        var start = await browser.GetAsync(SignInPaths.Discord);
        Assert.Equal(HttpStatusCode.Found, start.Status);
        var state = System.Web.HttpUtility.ParseQueryString(new Uri(start.Location!).Query)["state"];
        var page = await browser.GetAsync($"{SignInPaths.DiscordCallback}?code=abc&state={Uri.EscapeDataString(state!)}");

        Assert.Equal(HttpStatusCode.BadGateway, page.Status);
        Assert.Contains("Discord is not answering", page.Body, StringComparison.Ordinal);
        page.AssertFriendly();
        Assert.Null(browser.SessionCookie);
    }

    [Fact]
    public async Task Without_a_Discord_application_the_page_says_so_and_offers_the_development_login()
    {
        await using var silo = await InProcessSilo.StartAsync("--environment=Development").WaitAsync(InProcessSilo.Timeout);
        using var browser = new SiteBrowser(silo.HttpPort);

        var page = await browser.GetAsync(SignInPaths.SignIn);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Sign-in with Discord is not configured", page.Body, StringComparison.Ordinal);
        Assert.Contains($"action=\"{SignInPaths.Development}\"", page.Body, StringComparison.Ordinal);
        page.AssertFriendly();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(SignInPaths.Discord)).Status);
        Assert.Contains("Signed in as", (await browser.SignInAsDeveloperAsync("solo")).Body, StringComparison.Ordinal);
    }
}
