namespace Maimai.Silo.Tests.Site;

/// <summary>The session cookie as a maimai.v1 caller: same-site gRPC-Web only; anything else is UNAUTHENTICATED.</summary>
[Collection(SiteGroup.Name)]
public sealed class SessionGrpcWebTests(SiteFixture site)
{
    [Theory]
    [InlineData("application/grpc-web")]
    [InlineData("application/grpc-web+proto")]
    [InlineData("application/grpc-web-text")]
    [InlineData("application/grpc-web-text+proto")]
    public async Task A_same_origin_grpc_web_call_with_the_cookie_is_the_user(string contentType)
    {
        using var browser = site.Browser();
        await browser.SignInAsDeveloperAsync("webcaller");

        var (status, me) = await SessionCalls.GetMeAsync(site.Silo, browser.SessionCookie, browser.Origin, contentType);

        Assert.Equal(0, status);
        Assert.Equal("webcaller", me!.DisplayName);
    }

    [Fact]
    public async Task An_origin_from_Site_AllowedOrigins_is_accepted()
    {
        using var browser = site.Browser();
        await browser.SignInAsDeveloperAsync("proxied");

        Assert.Equal(0, (await SessionCalls.GetMeAsync(site.Silo, browser.SessionCookie, "https://maimai.example")).Status);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://127.0.0.1:1")]
    [InlineData("null")]
    [InlineData(null)]
    public async Task A_cross_origin_or_origin_less_grpc_web_call_with_the_cookie_is_refused(string? origin)
    {
        using var browser = site.Browser();
        await browser.SignInAsDeveloperAsync("target");

        Assert.Equal(SessionCalls.Unauthenticated, (await SessionCalls.GetMeAsync(site.Silo, browser.SessionCookie, origin)).Status);
    }

    [Fact]
    public async Task The_cookie_over_native_grpc_is_refused()
    {
        using var browser = site.Browser();
        await browser.SignInAsDeveloperAsync("native");

        var (status, _) = await SessionCalls.GetMeAsync(site.Silo, browser.SessionCookie, browser.Origin, "application/grpc", native: true);

        Assert.Equal(SessionCalls.Unauthenticated, status);
    }
}
