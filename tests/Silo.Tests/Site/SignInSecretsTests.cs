using System.Net;
using Maimai.Silo.Site;
using Maimai.Silo.Tests.Fetching;
using Maimai.Silo.Tests.Hosting;
using Maimai.Testing.Discord;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Tests.Site;

/// <summary>
/// A whole sign-in session with every log line kept (Trace): no session cookie, Discord access token or client
/// secret in any log line or page.
/// </summary>
public sealed class SignInSecretsTests
{
    [Fact]
    public async Task No_session_cookie_or_Discord_secret_reaches_a_log_line_or_a_page()
    {
        await using var discord = await FakeDiscord.StartAsync().WaitAsync(InProcessSilo.Timeout);
        var logs = new LogSink("site");
        await using var silo = await InProcessSilo.StartWithServicesAsync(s => s.AddSingleton<ILoggerProvider>(logs),
            ["--environment=Development", "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:Orleans=Warning", .. discord.SiloSettings])
            .WaitAsync(InProcessSilo.Timeout);
        var pages = new List<SiteBrowser.Page>();
        var cookies = new List<string>();

        using (var browser = new SiteBrowser(silo.HttpPort))
        {
            pages.Add(await browser.SignInWithDiscordAsync());
            cookies.Add(browser.SessionCookie!);
            pages.Add(await browser.GetAsync(SignInPaths.SignIn));
            Assert.Equal(0, (await SessionCalls.GetMeAsync(silo, browser.SessionCookie, browser.Origin)).Status);
            Assert.Equal(SessionCalls.Unauthenticated, (await SessionCalls.GetMeAsync(silo, browser.SessionCookie, "https://evil.example")).Status);
            pages.Add(await browser.PostAsync(SignInPaths.SignOut, [], origin: "https://evil.example"));
            pages.Add(await browser.SubmitAsync(SignInPaths.SignIn, SignInPaths.SignOut));
            Assert.Equal(SessionCalls.Unauthenticated, (await SessionCalls.GetMeAsync(silo, cookies[0], browser.Origin)).Status);
            pages.Add(await browser.SignInWithDiscordAsync(back => back.Replace("state=", "state=x", StringComparison.Ordinal)));
            pages.Add(await browser.SignInAsDeveloperAsync("secretive"));
            cookies.Add(browser.SessionCookie!);
            pages.Add(await browser.SubmitAsync(SignInPaths.SignIn, SignInPaths.SignOutEverywhere));
        }

        string[] secrets = [.. cookies, .. discord.AccessTokens, FakeDiscord.ClientSecret];
        Assert.Equal(4, secrets.Length);
        Assert.Contains(logs.Lines, line => line.Contains("signed in with Discord", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.StartsWith("Trace", StringComparison.Ordinal) || line.StartsWith("Debug", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(pages, page => page.Body.Contains(secret, StringComparison.Ordinal)
                || (page.Location?.Contains(secret, StringComparison.Ordinal) ?? false));
        }

        Assert.All(pages, page => Assert.NotEqual(HttpStatusCode.InternalServerError, page.Status));
    }
}
