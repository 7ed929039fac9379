using System.Globalization;
using System.Net;
using Maimai.Silo.Site;
using Maimai.Silo.Storage.Users;
using Maimai.Testing.Discord;

namespace Maimai.Silo.Tests.Site;

/// <summary>Discord's OAuth2 flow against the fake Discord: success, and every failure ending on a clear page.</summary>
[Collection(SiteGroup.Name)]
public sealed class DiscordSignInTests(SiteFixture site)
{
    [Fact]
    public async Task Signing_in_creates_the_user_and_a_session_and_signing_in_again_updates_the_user()
    {
        site.Discord.User = new DiscordUser("111222333444555666", "kiwi", "Kiwi DX", "a1b2c3");
        using var browser = site.Browser();

        var back = await browser.SignInWithDiscordAsync();

        // PKCE and state were on the authorize request; the callback lands on the signed-in page with a session cookie.
        Assert.Equal("S256", site.Discord.LastAuthorize!["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(site.Discord.LastAuthorize["state"]));
        Assert.Equal(HttpStatusCode.Found, back.Status);
        Assert.Equal(SignInPaths.SignIn, back.Location);
        var cookie = browser.SessionCookie;
        Assert.NotNull(cookie);
        var page = await browser.GetAsync(SignInPaths.SignIn);
        Assert.Contains("Signed in as <strong>Kiwi DX</strong>", page.Body, StringComparison.Ordinal);
        page.AssertFriendly();

        // The cookie is a maimai.v1 caller over same-origin gRPC-Web: GetMe names the Discord user.
        var (status, me) = await SessionCalls.GetMeAsync(site.Silo, cookie, browser.Origin);
        Assert.Equal(0, status);
        Assert.Equal("111222333444555666", me!.DiscordId);
        var userId = long.Parse(me.UserId, CultureInfo.InvariantCulture);
        var users = new UserRepository(site.Database);
        var user = await users.GetAsync(userId).WaitAsync(SiteBrowser.Timeout);
        Assert.Equal(("kiwi", "a1b2c3", "Kiwi DX"), (user!.DiscordUsername, user.DiscordAvatar, user.DisplayName));
        var sessions = new WebSessionRepository(site.Database);
        Assert.Equal(1, await sessions.CountLiveAsync(userId, DateTimeOffset.UtcNow).WaitAsync(SiteBrowser.Timeout));

        // Discord shows a new name and no avatar: the same user row follows, and updated_at moves.
        site.Discord.User = new DiscordUser("111222333444555666", "kiwi2", null, null);
        using var phone = site.Browser();
        Assert.Equal(HttpStatusCode.Found, (await phone.SignInWithDiscordAsync()).Status);
        var (_, again) = await SessionCalls.GetMeAsync(site.Silo, phone.SessionCookie, phone.Origin);
        Assert.Equal(me.UserId, again!.UserId);
        var updated = await users.GetAsync(userId).WaitAsync(SiteBrowser.Timeout);
        Assert.Equal(("kiwi2", null, "kiwi2"), (updated!.DiscordUsername, updated.DiscordAvatar, updated.DisplayName));
        Assert.True(updated.UpdatedAt > user.UpdatedAt);
        Assert.Equal(user.CreatedAt, updated.CreatedAt);
        Assert.Equal(2, await sessions.CountLiveAsync(userId, DateTimeOffset.UtcNow).WaitAsync(SiteBrowser.Timeout));
    }

    [Fact]
    public async Task Consent_denied_ends_on_a_clear_page()
    {
        site.Discord.DenyConsent = true;
        try
        {
            using var browser = site.Browser();
            var page = await browser.SignInWithDiscordAsync();

            Assert.Equal(HttpStatusCode.Forbidden, page.Status);
            Assert.Contains("Sign-in cancelled", page.Body, StringComparison.Ordinal);
            Assert.Contains($"href=\"{SignInPaths.SignIn}\"", page.Body, StringComparison.Ordinal);
            page.AssertFriendly();
            Assert.Null(browser.SessionCookie);
        }
        finally
        {
            site.Discord.DenyConsent = false;
        }
    }

    [Fact]
    public async Task A_bad_state_ends_on_a_clear_page()
    {
        using var browser = site.Browser();
        var page = await browser.SignInWithDiscordAsync(back => back.Replace("state=", "state=x", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("This sign-in link has expired", page.Body, StringComparison.Ordinal);
        page.AssertFriendly();
        Assert.Null(browser.SessionCookie);
    }

    [Fact]
    public async Task A_replayed_code_ends_on_a_clear_page()
    {
        using var browser = site.Browser();
        string? used = null;
        Assert.Equal(HttpStatusCode.Found, (await browser.SignInWithDiscordAsync(back => used = back)).Status);
        var code = new Uri(used!).Query.TrimStart('?').Split('&').Single(p => p.StartsWith("code=", StringComparison.Ordinal));

        // A fresh flow (its own state and correlation cookie), finished with the code Discord already redeemed.
        using var attacker = site.Browser();
        var replayed = site.Discord.ReplayedCodes;
        var page = await attacker.SignInWithDiscordAsync(back => System.Text.RegularExpressions.Regex.Replace(back, "code=[^&]+", code));

        Assert.Equal(replayed + 1, site.Discord.ReplayedCodes);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("Discord refused the sign-in", page.Body, StringComparison.Ordinal);
        page.AssertFriendly();
        Assert.Null(attacker.SessionCookie);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_garbled_answer_from_Discord_ends_on_a_clear_page(bool tokenGarbled)
    {
        site.Discord.GarbleToken = tokenGarbled;
        site.Discord.GarbleProfile = !tokenGarbled;
        try
        {
            using var browser = site.Browser();
            var page = await browser.SignInWithDiscordAsync();

            Assert.Equal(HttpStatusCode.BadGateway, page.Status);
            Assert.Contains("answer was not readable", page.Body, StringComparison.Ordinal);
            page.AssertFriendly();
            Assert.Null(browser.SessionCookie);
        }
        finally
        {
            site.Discord.GarbleToken = false;
            site.Discord.GarbleProfile = false;
        }
    }
}
