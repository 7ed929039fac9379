using System.Globalization;
using System.Net;
using Maimai.Silo.Hosting;
using Maimai.Silo.Site;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Time;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Tests.Site;

/// <summary>The session cookie: its flags, log-out, log out everywhere, and antiforgery on every form post.</summary>
[Collection(SiteGroup.Name)]
public sealed class WebSessionTests(SiteFixture site)
{
    [Fact]
    public async Task The_cookie_is_http_only_lax_persistent_and_not_secure_over_plain_http()
    {
        using var browser = site.Browser();
        var posted = await browser.SubmitAsync(SignInPaths.SignIn, SignInPaths.Development, ("name", "flags"));

        var cookie = Assert.Single(posted.SetCookies, c => c.StartsWith(WebLoginSchemes.CookieName + "=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.DoesNotContain("secure", attributes);
        var expires = DateTimeOffset.Parse(attributes.Single(a => a.StartsWith("expires=", StringComparison.Ordinal))["expires=".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromDays(13.9), TimeSpan.FromDays(14));
    }

    [Fact]
    public async Task The_cookie_is_secure_under_tls()
    {
        // The host's own cookie options, built as the host builds them; a request over https gets a Secure cookie.
        var folder = Directory.CreateTempSubdirectory("maimai-cookie-");
        try
        {
            var builder = WebApplication.CreateBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = $"Data Source={Path.Combine(folder.FullName, "silo.db")}",
                ["WebSessions:IdleTimeout"] = "2.00:00:00",
            });
            builder.Services.AddStorage(builder.Configuration).AddServiceClock().AddDataProtection();
            builder.AddWebLogin();
            await using var app = builder.Build();
            var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(WebLoginSchemes.Cookie);

            var https = new DefaultHttpContext();
            https.Request.IsHttps = true;
            Assert.True(options.Cookie.Build(https).Secure);
            Assert.False(options.Cookie.Build(new DefaultHttpContext()).Secure);
            Assert.Equal(TimeSpan.FromDays(2), options.ExpireTimeSpan);
            Assert.True(options.SlidingExpiration);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_the_old_cookie_is_refused()
    {
        using var browser = site.Browser();
        await browser.SignInAsDeveloperAsync("leaver");
        var cookie = browser.SessionCookie!;
        var (status, me) = await SessionCalls.GetMeAsync(site.Silo, cookie, browser.Origin);
        Assert.Equal(0, status);

        var posted = await browser.SubmitAsync(SignInPaths.SignIn, SignInPaths.SignOut);

        Assert.Equal(HttpStatusCode.SeeOther, posted.Status);
        Assert.Null(browser.SessionCookie);
        // The old cookie, sent again as a thief would: the page does not know it, nor does the API.
        using var thief = site.Browser();
        thief.Cookies.Add(new Uri(thief.Origin), new Cookie(WebLoginSchemes.CookieName, cookie));
        Assert.Contains("Sign in with Discord", (await thief.GetAsync(SignInPaths.SignIn)).Body, StringComparison.Ordinal);
        Assert.Equal(SessionCalls.Unauthenticated, (await SessionCalls.GetMeAsync(site.Silo, cookie, browser.Origin)).Status);
        Assert.Equal(0, await new WebSessionRepository(site.Database).CountLiveAsync(long.Parse(me!.UserId, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_of_the_user_and_only_theirs()
    {
        using var laptop = site.Browser();
        using var phone = site.Browser();
        using var someoneElse = site.Browser();
        await laptop.SignInAsDeveloperAsync("everywhere");
        await phone.SignInAsDeveloperAsync("Everywhere");
        await someoneElse.SignInAsDeveloperAsync("stays");
        var phoneCookie = phone.SessionCookie!;
        Assert.Contains("Signed in on 2 browsers", (await laptop.GetAsync(SignInPaths.SignIn)).Body, StringComparison.Ordinal);

        var posted = await laptop.SubmitAsync(SignInPaths.SignIn, SignInPaths.SignOutEverywhere);

        Assert.Equal(HttpStatusCode.SeeOther, posted.Status);
        Assert.Equal(SessionCalls.Unauthenticated, (await SessionCalls.GetMeAsync(site.Silo, phoneCookie, phone.Origin)).Status);
        Assert.Contains("Sign in with Discord", (await phone.GetAsync(SignInPaths.SignIn)).Body, StringComparison.Ordinal);
        Assert.Equal(0, (await SessionCalls.GetMeAsync(site.Silo, someoneElse.SessionCookie, someoneElse.Origin)).Status);
    }

    [Fact]
    public async Task A_cross_site_form_post_with_the_cookie_is_refused_and_changes_nothing()
    {
        using var browser = site.Browser();
        await browser.SignInAsDeveloperAsync("victim");

        // Another site's forms: our cookie rides along (a top-level POST under Lax is still refused here by antiforgery).
        foreach (var action in new[] { SignInPaths.SignOut, SignInPaths.SignOutEverywhere, SignInPaths.Development })
        {
            var page = await browser.PostAsync(action, [("name", "attacker")], origin: "https://evil.example");
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Contains("This form has expired", page.Body, StringComparison.Ordinal);
            page.AssertFriendly();
        }

        Assert.Contains("Signed in as <strong>victim</strong>", (await browser.GetAsync(SignInPaths.SignIn)).Body, StringComparison.Ordinal);
        Assert.Equal(0, (await SessionCalls.GetMeAsync(site.Silo, browser.SessionCookie, browser.Origin)).Status);
    }
}
