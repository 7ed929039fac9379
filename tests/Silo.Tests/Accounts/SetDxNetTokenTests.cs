using Maimai.DxNetSimulator;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Tests.Api;
using Maimai.Silo.Tests.Hosting;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>
/// SetDxNetToken as a client meets it: the real host, its Intl plugin aimed at the simulator. A refused token is
/// INVALID_ARGUMENT and stores nothing; an accepted one is stored and its status shows when the site accepted it;
/// a site in maintenance is UNAVAILABLE and stores nothing.
/// </summary>
public sealed class SetDxNetTokenTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_site_decides_whether_a_token_is_saved()
    {
        await using var sim = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = CoreRegion.Intl, SongCount = 40, UtageCount = 1 })
            .WaitAsync(Timeout);
        await using var silo = await InProcessSilo.StartAsync(
            $"--Plugins:Intl:SiteBaseUrl={sim.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={sim.GatewayUrl}", "--Plugins:Intl:RequestGap=00:00:00",
            "--Plugins:Intl:ObserveMaintenanceWindow=false").WaitAsync(Timeout); // the real clock: the check must run at 04:00-07:00 JST too
        using var http = silo.Http2From("127.0.0.1");
        var client = new ApiClient(http, silo.ApiToken);

        // An expired session: refused by the site, nothing stored, and the message says where to log in again.
        var expired = sim.Sessions.Current!;
        sim.Sessions.ExpireAll();
        var refused = await SetAsync(client, "userId=" + expired);
        Assert.Equal(3, refused.Status); // INVALID_ARGUMENT
        Assert.Equal("DXNET_TOKEN_REJECTED", refused.ErrorInfo.Reason);
        Assert.Contains("Log in to maimai DX NET (maimaidx-eng.com) again", refused.Message, StringComparison.Ordinal);
        Assert.Equal("token", Assert.Single(refused.Detail<Google.Rpc.BadRequest>().FieldViolations).Field);
        Assert.DoesNotContain(expired, refused.Message + refused.Details, StringComparison.Ordinal);
        Assert.False((await StatusAsync(client)).IsSet);

        // Not a cookie value: refused before the site is asked.
        var before = sim.Requests.Total;
        var junk = await SetAsync(client, "my token, please");
        Assert.Equal(3, junk.Status);
        Assert.Equal("INVALID_REQUEST", junk.ErrorInfo.Reason);
        Assert.Equal(before, sim.Requests.Total);

        // The site in maintenance: UNAVAILABLE, nothing stored.
        var live = sim.Sessions.Issue();
        sim.Faults.Add(FaultRule.Once(FaultKind.MaintenancePage, PageKind.PlayerData));
        var maintenance = await SetAsync(client, "userId=" + live);
        Assert.Equal(14, maintenance.Status); // UNAVAILABLE
        Assert.Equal("DXNET_UNAVAILABLE", maintenance.ErrorInfo.Reason);
        Assert.Contains("Nothing was saved", maintenance.Message, StringComparison.Ordinal);
        Assert.False((await StatusAsync(client)).IsSet);

        // A live session: accepted with one page, stored, and valid as of the check.
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var pages = sim.Requests.Count(PageKind.PlayerData);
        var saved = await SetAsync(client, "userId=" + live);
        Assert.True(saved.Status == 0, saved.Message);
        Assert.Equal(pages + 1, sim.Requests.Count(PageKind.PlayerData));
        var status = await StatusAsync(client);
        Assert.True(status.IsSet);
        Assert.NotNull(status.ValidAt);
        Assert.InRange(status.ValidAt.ToDateTimeOffset(), start, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(status.SetAt, status.ValidAt);
        Assert.Null(status.LastErrorAt);
        Assert.Equal(status, saved.Response.Status);
        Assert.DoesNotContain(live, saved.Response.ToString(), StringComparison.Ordinal);

        // A refused replacement leaves the saved token as it was.
        sim.Sessions.ExpireAll();
        Assert.Equal(3, (await SetAsync(client, "userId=" + live)).Status);
        Assert.Equal(status, await StatusAsync(client));
    }

    private static Task<CallResult<SetDxNetTokenResponse>> SetAsync(ApiClient client, string token) =>
        client.CallAsync<SetDxNetTokenResponse>("/maimai.v1.AccountService/SetDxNetToken", new SetDxNetTokenRequest { Region = Region.Intl, Token = token })
            .WaitAsync(Timeout);

    private static async Task<DxNetTokenStatus> StatusAsync(ApiClient client) =>
        (await client.CallAsync<GetDxNetTokenStatusResponse>("/maimai.v1.AccountService/GetDxNetTokenStatus", new GetDxNetTokenStatusRequest { Region = Region.Intl })
            .WaitAsync(Timeout)).Response.Status;
}
