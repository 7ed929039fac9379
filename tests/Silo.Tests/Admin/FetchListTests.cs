using System.Net;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Admin;

/// <summary>The fetches page: everyone's fetches, filtered by state and by error code.</summary>
[Collection(AdminGroup.Name)]
public sealed class FetchListTests(AdminFixture admin)
{
    [Fact]
    public async Task Failed_fetches_are_listed_by_error_code_with_their_player()
    {
        var accounts = admin.Silo.Services.GetRequiredService<IAccountStore>();
        var fetches = admin.Silo.Services.GetRequiredService<FetchRepository>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var maintenance = await FailedFetchAsync(accounts, fetches, "maint " + tag, FetchErrorCode.Maintenance, "DX NET is in maintenance.");
        var expired = await FailedFetchAsync(accounts, fetches, "expired " + tag, FetchErrorCode.TokenExpired, "The token has expired.");
        using var browser = await admin.AdminAsync();

        var byMaintenance = await browser.GetAsync("/admin/fetches?state=Failed&error=Maintenance");
        var byToken = await browser.GetAsync("/admin/fetches?error=TokenExpired");
        var running = await browser.GetAsync("/admin/fetches?state=Running");

        Assert.Equal(HttpStatusCode.OK, byMaintenance.Status);
        byMaintenance.AssertFriendly();
        Assert.Contains($">{maintenance}</a></td>", byMaintenance.Body, StringComparison.Ordinal);
        Assert.Contains("maint " + tag, byMaintenance.Body, StringComparison.Ordinal);
        Assert.Contains("MAINTENANCE DX NET is in maintenance.", byMaintenance.Body, StringComparison.Ordinal);
        Assert.DoesNotContain($">{expired}</a></td>", byMaintenance.Body, StringComparison.Ordinal);
        Assert.Contains($">{expired}</a></td>", byToken.Body, StringComparison.Ordinal);
        Assert.DoesNotContain($">{maintenance}</a></td>", byToken.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(tag, running.Body, StringComparison.Ordinal);
    }

    private static async Task<long> FailedFetchAsync(IAccountStore accounts, FetchRepository fetches, string name, FetchErrorCode code, string message)
    {
        var user = await accounts.CreateLocalUserAsync(name, isAdmin: false, default).WaitAsync(InProcessSilo.Timeout);
        var start = Assert.IsType<FetchStart.Started>(await fetches.TryStartAsync(user.Id, Region.Intl, "test-node", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)).WaitAsync(InProcessSilo.Timeout));
        Assert.True(await fetches.FailAsync(start.Fetch.Id, code, message, DateTimeOffset.UtcNow).WaitAsync(InProcessSilo.Timeout));
        return start.Fetch.Id;
    }
}
