using System.Net;
using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Silo.Fetching;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Admin;

/// <summary>
/// The plugins page (what serves each region, since when, hot reload), the parse warnings a real fetch kept (never
/// a token), a re-parse that says how many the current plugin reads, and the cluster's silo list.
/// </summary>
[Collection(AdminGroup.Name)]
public sealed class PluginPageTests(AdminFixture admin)
{
    private static readonly TimeSpan Timeout = InProcessSilo.Timeout;

    [Fact]
    public async Task The_plugins_page_names_each_regions_build_its_load_time_and_hot_reload()
    {
        using var browser = await admin.AdminAsync();

        var page = await browser.GetAsync("/admin/plugins");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        page.AssertFriendly();
        Assert.Matches(@"<tr><td>Intl</td><td>Maimai\.Plugins\.Intl<br>", page.Body);
        Assert.Matches(@"<tr><td>Jp</td><td>Maimai\.Plugins\.Jp<br>", page.Body);
        Assert.Matches(@"<td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</td><td>serving</td>", page.Body);
        Assert.Contains("hot reload <strong id=\"hot-reload\">on:", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("unavailable", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fetchs_unreadable_entry_is_listed_without_any_token_and_a_reparse_reports_how_many_the_plugin_reads()
    {
        var services = admin.Silo.Services;
        var user = await services.GetRequiredService<IAccountStore>().CreateLocalUserAsync("odd " + Guid.NewGuid().ToString("N")[..6], isAdmin: false, default).WaitAsync(Timeout);
        var session = admin.Intl.Sessions.Current!;
        Assert.True((await services.GetRequiredService<IDxNetTokenStore>().SetAsync(user.Id, Region.Intl, "userId=" + session, default).WaitAsync(Timeout)).IsSaved);
        var newest = admin.Intl.Snapshot().Recent[0];
        admin.Intl.Faults.Add(FaultRule.Once(FaultKind.OddEntry, PageKind.Record));
        var started = Assert.IsType<StartFetchOutcome.Started>(await services.GetRequiredService<IFetchCoordinator>().StartFetchAsync(user.Id, Region.Intl, default).WaitAsync(Timeout));
        await services.GetRequiredService<FetchRunner>().WhenEnded(started.Fetch.Id).WaitAsync(Timeout);
        var warning = Assert.Single(await services.GetRequiredService<ParseWarningRepository>().ListForFetchAsync(user.Id, started.Fetch.Id).WaitAsync(Timeout));
        // As an older build might have kept it: a token in a link and a hidden field. The page must show neither.
        await using (var connection = await admin.Database.OpenAsync().WaitAsync(Timeout))
        {
            await connection.ExecuteAsync(
                "UPDATE parse_warnings SET fragment = fragment || '<a href=\"/maimai-mobile/record/?_t=LEAKEDTOKEN123456\">x</a><input type=\"hidden\" name=\"token\" value=\"HIDDENSECRET98765\">' WHERE id = @Id",
                new { warning.Id }).WaitAsync(Timeout);
        }

        using var browser = await admin.AdminAsync();
        var groups = await browser.GetAsync("/admin/plugins");
        var list = await browser.GetAsync("/admin/plugins/warnings?region=Intl&kind=Record");

        Assert.Contains($"<tr><td>Intl</td><td>{warning.PluginVersion}</td>", groups.Body, StringComparison.Ordinal);
        Assert.Contains("unreadable achievement", list.Body, StringComparison.Ordinal);
        Assert.Contains($"fetch {started.Fetch.Id}", list.Body, StringComparison.Ordinal);
        Assert.Contains("??.????%", list.Body, StringComparison.Ordinal);
        foreach (var body in new[] { groups.Body, list.Body, (await browser.GetAsync($"/admin/fetches/detail/{started.Fetch.Id}")).Body })
        {
            Assert.DoesNotContain(session, body, StringComparison.Ordinal);
            Assert.DoesNotContain("LEAKEDTOKEN123456", body, StringComparison.Ordinal);
            Assert.DoesNotContain("HIDDENSECRET98765", body, StringComparison.Ordinal);
        }

        // Today's plugin cannot read it either; mended as a newer build would read it, the next re-parse does.
        var first = await AdminForm.Read(list, "Reparse", ("region", "Intl")).PostAsync(browser);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Contains("read 0 of them now; stored 0 plays; 1 still cannot be read", first.Body, StringComparison.Ordinal);
        await using (var connection = await admin.Database.OpenAsync().WaitAsync(Timeout))
        {
            var whole = newest.Achievement.ToString();
            await connection.ExecuteAsync("UPDATE parse_warnings SET fragment = REPLACE(fragment, '??.????%', @Whole) WHERE id = @Id",
                new { Whole = whole[..whole.IndexOf('.', StringComparison.Ordinal)], warning.Id }).WaitAsync(Timeout);
        }

        var second = await AdminForm.Read(list, "Reparse", ("region", "Intl")).PostAsync(browser);
        Assert.Contains("read 1 of them now; stored 1 plays; 0 still cannot be read", second.Body, StringComparison.Ordinal);
        Assert.Contains("<td>0</td><td>1</td>", (await browser.GetAsync("/admin/plugins")).Body, StringComparison.Ordinal); // unread 0, read 1
        var audit = await services.GetRequiredService<Maimai.Silo.Storage.Audit.AuditRepository>().ListAsync(null, 20).WaitAsync(Timeout);
        Assert.Contains(audit, e => e.Action == "warnings.reparse" && e.Detail!.Contains("\"read\":1", StringComparison.Ordinal)
            && e.Detail.Contains("\"playsStored\":1", StringComparison.Ordinal));
        // The page's re-parse stored the entry as the user's play, the way the fetch would have.
        var plays = await services.GetRequiredService<RecentPlayRepository>().ListAsync(user.Id, Region.Intl, long.MaxValue, long.MaxValue, int.MaxValue, 100).WaitAsync(Timeout);
        Assert.Contains(plays, p => p.PlayedAt == newest.UnixTime && p.Track == newest.Track && p.Achievement == newest.Achievement && p.DetailPending);
    }

    [Fact]
    public async Task The_silo_list_shows_this_silo_active_with_its_address_and_start_time()
    {
        using var browser = await admin.AdminAsync();

        var page = await browser.GetAsync("/admin/silos");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        page.AssertFriendly();
        Assert.Matches(@"\(serving this page\)</td><td>Active</td><td>S?[0-9.]+:\d+", page.Body);
        Assert.Matches(@"<td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</td>", page.Body);
    }
}
