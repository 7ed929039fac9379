using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Tests.Api;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Tests.Hosting;

/// <summary>
/// The limit's settings on the real host. The built-in limiters take no TimeProvider, so the window test uses a
/// 2-second window and a bounded poll instead of a fake clock.
/// </summary>
public sealed class ApiRateLimitWindowTests
{
    private const string GetMe = "/maimai.v1.AccountService/GetMe";

    [Fact]
    public async Task After_the_window_the_same_address_may_call_again()
    {
        await using var silo = await InProcessSilo.StartAsync("--ApiRateLimit:PermitLimit=3", "--ApiRateLimit:Window=00:00:02");
        using var http = silo.Http2From("127.0.0.21");
        var client = new ApiClient(http, silo.ApiToken);
        // Call until refused. On a slow machine the window may turn over before the fourth call: then the permits are
        // back and the calls go on, so the assertion is "refused after at least 3", not "the 4th" (the default-limit
        // test pins the 101st within its minute).
        var allowed = 0;
        CallResult<GetMeResponse> refused;
        while ((refused = await client.CallAsync<GetMeResponse>(GetMe, new GetMeRequest())).Status == 0 && allowed < 1000)
        {
            allowed++;
        }

        Assert.InRange(allowed, 3, 999);
        Assert.Equal(8, refused.Status);
        Assert.Equal("Too many API calls from this address (limit: 3 calls per 2 s); retry after the delay in RetryInfo.", refused.Message);
        ApiRateLimitTests.AssertRateLimitDetails(refused.Details!, TimeSpan.FromSeconds(2));

        // Refused calls take no permit, so polling does not push the window back.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        CallResult<GetMeResponse> next;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            next = await client.CallAsync<GetMeResponse>(GetMe, new GetMeRequest());
        }
        while (next.Status == 8 && DateTime.UtcNow < deadline);

        Assert.Equal(0, next.Status);
        Assert.Equal("limited", next.Response.DisplayName);
    }

    [Fact]
    public async Task Disabled_it_refuses_nothing()
    {
        await using var silo = await InProcessSilo.StartAsync("--ApiRateLimit:Enabled=false", "--ApiRateLimit:PermitLimit=1");
        using var http = silo.Http2From("127.0.0.22");
        await ApiRateLimitTests.UseAllPermitsAsync(new ApiClient(http, silo.ApiToken), permits: 5);
    }

    [Fact]
    public async Task With_forwarded_headers_enabled_the_limit_follows_X_Forwarded_For()
    {
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED=true as the README says, given here as the same configuration key.
        await using var silo = await InProcessSilo.StartAsync("--ForwardedHeaders_Enabled=true", "--ApiRateLimit:PermitLimit=1", "--ApiRateLimit:Window=00:10:00");
        using var http = silo.Http2From("127.0.0.23");
        var client = new ApiClient(http, silo.ApiToken);
        await ApiRateLimitTests.UseAllPermitsAsync(client, permits: 1);
        Assert.Equal(8, (await client.CallAsync<GetMeResponse>(GetMe, new GetMeRequest())).Status);

        http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(0, (await client.CallAsync<GetMeResponse>(GetMe, new GetMeRequest())).Status);
        Assert.Equal(8, (await client.CallAsync<GetMeResponse>(GetMe, new GetMeRequest())).Status);
    }

    [Theory]
    [InlineData("--ApiRateLimit:PermitLimit=0", "ApiRateLimit:PermitLimit must be at least 1")]
    [InlineData("--ApiRateLimit:Window=00:00:00", "ApiRateLimit:Window must be positive")]
    public async Task A_bad_setting_stops_start_up_naming_it(string setting, string message)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(async () => await (await InProcessSilo.StartAsync(setting)).DisposeAsync());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
