using System.Net;
using Maimai.Core.Game;

namespace Maimai.Scraping.Tests.Simulator;

public sealed class SessionTests
{
    private const string PlayerData = "/maimai-mobile/playerData/";

    [Fact]
    public async Task Without_a_session_pages_redirect_to_error_100001()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim) { UserId = null };

        using var response = await client.GetAsync(PlayerData);
        var error = await client.GetPageAsync(response.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(sim.SiteUrl, "error/"), response.Headers.Location);
        Assert.Contains("ERROR CODE：100001", error, StringComparison.Ordinal);
        Assert.Contains("An error occured. <br>Please login again.", error, StringComparison.Ordinal);
        Assert.Contains("maimai DX NET－Error－", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_japanese_error_page_says_エラーコード()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = Region.Jp);
        using var client = new SiteClient(sim) { UserId = "stale" };

        using var response = await client.GetAsync(PlayerData);
        var error = await client.GetPageAsync("/maimai-mobile/error/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("エラーコード：100001", error, StringComparison.Ordinal);
        Assert.Contains("エラーが発生しました。<br>再度ログインしてください。", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR CODE", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_response_rotates_the_userId_and_the_newest_works()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        var first = client.UserId;

        await client.GetPageAsync(PlayerData);
        var second = client.UserId;
        await client.GetPageAsync(PlayerData);

        Assert.NotEqual(first, second);
        Assert.NotEqual(second, client.UserId);
        Assert.Equal(sim.Sessions.Current, client.UserId);
    }

    [Fact]
    public async Task Strict_mode_refuses_a_value_older_than_the_newest()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.StrictSessions = true);
        using var client = new SiteClient(sim);
        var old = client.UserId;
        await client.GetPageAsync(PlayerData);

        using var stale = new SiteClient(sim, old);
        using var refused = await stale.GetAsync(PlayerData);
        var accepted = await client.GetPageAsync(PlayerData);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("name_block", accepted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lenient_mode_still_accepts_an_older_value()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        var old = client.UserId;
        await client.GetPageAsync(PlayerData);

        using var stale = new SiteClient(sim, old);

        Assert.Contains("name_block", await stale.GetPageAsync(PlayerData), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_rotation_the_site_sends_no_new_cookie()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.RotateSessionOnEveryResponse = false);
        using var client = new SiteClient(sim);

        using var response = await client.GetAsync(PlayerData);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(SiteClient.NewUserId(response));
    }

    [Fact]
    public async Task Expired_sessions_are_sent_to_the_error_page()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        await client.GetPageAsync(PlayerData);

        sim.Sessions.ExpireAll();
        using var response = await client.GetAsync(PlayerData);

        Assert.Null(sim.Sessions.Current);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/maimai-mobile/error/", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_need_no_cookie_when_sessions_are_not_required()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.RequireSession = false);
        using var client = new SiteClient(sim) { UserId = null };

        var html = await client.GetPageAsync(PlayerData);

        Assert.Contains("name_block", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_clal_is_traded_at_the_gateway_for_a_working_userId()
    {
        await using var sim = await TestSimulator.StartAsync();
        sim.Sessions.ExpireAll();
        using var client = new SiteClient(sim) { UserId = null, Clal = sim.Sessions.ClalToken };

        using var login = await client.GetAsync(sim.LoginUrl.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(sim.SiteUrl, login.Headers.Location);
        Assert.NotNull(client.UserId);
        Assert.Contains("name_block", await client.GetPageAsync(PlayerData), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_clal_gets_the_login_form_and_no_session()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var wrong = new SiteClient(sim) { UserId = null, Clal = "not-the-token" };
        using var lapsed = new SiteClient(sim) { UserId = null, Clal = sim.Sessions.ClalToken };

        using var refused = await wrong.GetAsync(sim.LoginUrl.PathAndQuery);
        sim.Sessions.ClalValid = false;
        using var refusedToo = await lapsed.GetAsync(sim.LoginUrl.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"login\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(SiteClient.NewUserId(refused));
        Assert.Equal(HttpStatusCode.OK, refusedToo.StatusCode);
        Assert.Null(SiteClient.NewUserId(refusedToo));
    }

    [Fact]
    public async Task The_gateway_never_redirects_off_the_simulator()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim) { UserId = null, Clal = sim.Sessions.ClalToken };

        using var response = await client.GetAsync(
            "/common_auth/login?site_id=maimaidxex&redirect_url=https%3A%2F%2Fmaimaidx-eng.com%2Fmaimai-mobile%2F&back_url=x");
        using var wrongSite = await client.GetAsync("/common_auth/login?site_id=other&redirect_url=" + Uri.EscapeDataString(sim.SiteUrl.ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("redirect_url", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongSite.StatusCode);
    }

    [Fact]
    public async Task The_japanese_site_has_no_clal_gateway()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = Region.Jp);
        using var client = new SiteClient(sim) { UserId = null, Clal = sim.Sessions.ClalToken };

        using var response = await client.GetAsync(sim.LoginUrl.PathAndQuery);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
