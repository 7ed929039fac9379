using System.Net;
using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Silo.Fetching;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Admin;

/// <summary>
/// An admin fails a stuck fetch from its page: through the player's grain, at once for watchers, with nothing of
/// the run saved, recorded in admin_audit, and the player free to start again.
/// </summary>
[Collection(AdminGroup.Name)]
public sealed class FetchFailTests(AdminFixture admin)
{
    private static readonly TimeSpan Timeout = InProcessSilo.Timeout;

    [Fact]
    public async Task A_running_fetch_that_hangs_on_the_site_is_failed_from_its_page_and_saves_nothing()
    {
        var services = admin.Silo.Services;
        var accounts = services.GetRequiredService<IAccountStore>();
        var coordinator = services.GetRequiredService<IFetchCoordinator>();
        var user = await accounts.CreateLocalUserAsync("stuck " + Guid.NewGuid().ToString("N")[..6], isAdmin: false, default).WaitAsync(Timeout);
        Assert.True((await services.GetRequiredService<IDxNetTokenStore>()
            .SetAsync(user.Id, Region.Intl, "userId=" + admin.Intl.Sessions.Current, default).WaitAsync(Timeout)).IsSaved, "the simulator refused the token");
        var requestsBefore = admin.Intl.Requests.Total;
        admin.Intl.Faults.Latency = TimeSpan.FromMinutes(10); // every page now hangs
        try
        {
            var started = Assert.IsType<StartFetchOutcome.Started>(await coordinator.StartFetchAsync(user.Id, Region.Intl, default).WaitAsync(Timeout));
            var id = started.Fetch.Id;
            await UntilAsync(() => admin.Intl.Requests.Total > requestsBefore, "the fetch never asked the site for a page");
            var watch = (await coordinator.WatchFetchAsync(user.Id, id, default).WaitAsync(Timeout))!;
            using var browser = await admin.AdminAsync();

            var page = await browser.GetAsync($"/admin/fetches/detail/{id}");
            Assert.Contains("Running", page.Body, StringComparison.Ordinal);
            var failed = await AdminForm.Read(page, "Fail").Set("reason", "hangs on the site").PostAsync(browser);

            Assert.Equal(HttpStatusCode.Found, failed.Status);
            var shown = await browser.GetAsync(failed.Location!);
            Assert.Contains("<td id=\"fetch-state\">Failed</td>", shown.Body, StringComparison.Ordinal);
            Assert.Contains(FetchErrors.AdminStoppedMessage, shown.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Fail the fetch", shown.Body, StringComparison.Ordinal);
            shown.AssertFriendly();

            // The watcher hears the end; the run itself stops (its lease is gone) without writing a thing.
            var last = await LastAsync(watch);
            Assert.Equal((FetchState.Failed, FetchErrorCode.Internal, FetchErrors.AdminStoppedMessage), (last.State, last.ErrorCode, last.ErrorMessage));
            await services.GetRequiredService<FetchRunner>().WhenEnded(id).WaitAsync(Timeout);
            var row = (await services.GetRequiredService<FetchRepository>().GetAsync(id).WaitAsync(Timeout))!;
            Assert.Equal((FetchState.Failed, FetchErrorCode.Internal, (long?)null), (row.State, row.ErrorCode, row.SnapshotId));
            await using (var connection = await admin.Database.OpenAsync().WaitAsync(Timeout))
            {
                Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM user_snapshots WHERE user_id = @Id", new { user.Id }).WaitAsync(Timeout));
                Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM user_scores WHERE user_id = @Id", new { user.Id }).WaitAsync(Timeout));
            }

            var audit = (await services.GetRequiredService<AuditRepository>().ListAsync(null, 50).WaitAsync(Timeout))
                .Single(e => e.Action == "fetch.fail" && e.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("hangs on the site", audit.Detail, StringComparison.Ordinal);
            Assert.Equal("admin", audit.Actor.Kind);

            // The player may start again: the one-active-fetch slot is free.
            admin.Intl.Faults.Latency = TimeSpan.Zero;
            var again = await coordinator.StartFetchAsync(user.Id, Region.Intl, default).WaitAsync(Timeout);
            var next = Assert.IsType<StartFetchOutcome.Started>(again);
            Assert.NotEqual(id, next.Fetch.Id);
            await services.GetRequiredService<FetchRunner>().WhenEnded(next.Fetch.Id).WaitAsync(Timeout);
        }
        finally
        {
            admin.Intl.Faults.Latency = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task A_pending_fetch_whose_node_is_elsewhere_is_failed_and_a_second_fail_changes_nothing()
    {
        var services = admin.Silo.Services;
        var user = await services.GetRequiredService<IAccountStore>().CreateLocalUserAsync("pending " + Guid.NewGuid().ToString("N")[..6], isAdmin: false, default).WaitAsync(Timeout);
        var fetches = services.GetRequiredService<FetchRepository>();
        var start = Assert.IsType<FetchStart.Started>(await fetches.TryStartAsync(user.Id, Region.Jp, "another-node", DateTimeOffset.UtcNow, TimeSpan.Zero).WaitAsync(Timeout));
        using var browser = await admin.AdminAsync();
        var page = await browser.GetAsync($"/admin/fetches/detail/{start.Fetch.Id}");

        var empty = await AdminForm.Read(page, "Fail").Set("reason", " ").PostAsync(browser);
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("Say why", empty.Body, StringComparison.Ordinal);
        Assert.Equal(FetchState.Pending, (await fetches.GetAsync(start.Fetch.Id).WaitAsync(Timeout))!.State);

        var failed = await AdminForm.Read(page, "Fail").Set("reason", "its node is gone").PostAsync(browser);
        var twice = await AdminForm.Read(page, "Fail").Set("reason", "again").PostAsync(browser);

        Assert.Equal(HttpStatusCode.Found, failed.Status);
        Assert.Equal((FetchState.Failed, FetchErrorCode.Internal), ((await fetches.GetAsync(start.Fetch.Id).WaitAsync(Timeout))!.State, (await fetches.GetAsync(start.Fetch.Id).WaitAsync(Timeout))!.ErrorCode));
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        Assert.Contains("has ended already", twice.Body, StringComparison.Ordinal);
        twice.AssertFriendly();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/admin/fetches/detail/987654321")).Status);
    }

    [Fact]
    public async Task The_fetch_page_and_the_list_show_the_pages_requested_by_kind_and_the_warnings_kept()
    {
        var services = admin.Silo.Services;
        var user = await services.GetRequiredService<IAccountStore>().CreateLocalUserAsync("polite " + Guid.NewGuid().ToString("N")[..6], isAdmin: false, default).WaitAsync(Timeout);
        var fetches = services.GetRequiredService<FetchRepository>();
        var start = Assert.IsType<FetchStart.Started>(await fetches.TryStartAsync(user.Id, Region.Jp, "test-node", DateTimeOffset.UtcNow, TimeSpan.Zero).WaitAsync(Timeout));
        var pages = PagesRequested.From([new(FetchStage.PlayerData, 1), new(FetchStage.Scores, 6), new(FetchStage.Record, 1)]);
        await using (var tx = await admin.Database.BeginAsync().WaitAsync(Timeout))
        {
            await services.GetRequiredService<ParseWarningRepository>().InsertAsync(tx, start.Fetch.Id, user.Id, Region.Jp, "Maimai.Plugins.Jp 9.9.9.9",
                [new NewParseWarning("Record", "the achievement cell is empty", "<div class=\"row\">achievement: ?</div>")], DateTimeOffset.UtcNow).WaitAsync(Timeout);
            Assert.True(await fetches.CompleteAsync(tx, start.Fetch.Id, null, DateTimeOffset.UtcNow, 1, pages).WaitAsync(Timeout));
            await tx.CommitAsync();
        }

        using var browser = await admin.AdminAsync();
        var detail = await browser.GetAsync($"/admin/fetches/detail/{start.Fetch.Id}");
        var list = await browser.GetAsync("/admin/fetches?state=Completed");

        Assert.Contains("<tr><td>PlayerData</td><td>1</td></tr>", detail.Body, StringComparison.Ordinal);
        Assert.Contains("<tr><td>Scores</td><td>6</td></tr>", detail.Body, StringComparison.Ordinal);
        Assert.Contains("<tr><th>In all</th><th>8</th></tr>", detail.Body, StringComparison.Ordinal);
        Assert.Contains("<h2>Warnings (1)</h2>", detail.Body, StringComparison.Ordinal);
        Assert.Contains("the achievement cell is empty", detail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Fail the fetch", detail.Body, StringComparison.Ordinal);
        Assert.Contains($">{start.Fetch.Id}</a></td>", list.Body, StringComparison.Ordinal);
        Assert.Contains("8: PlayerData 1, Scores 6, Record 1", list.Body, StringComparison.Ordinal);
    }

    private static async Task<FetchStatus> LastAsync(IAsyncEnumerable<FetchStatus> watch)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        FetchStatus? last = null;
        await foreach (var status in watch.WithCancellation(timeout.Token))
        {
            last = status;
        }

        return last ?? throw new InvalidOperationException("the watch ended without a status");
    }

    // Polls a condition the test cannot await directly (the simulator's request log); the deadline only bounds a failure.
    private static async Task UntilAsync(Func<bool> condition, string failure)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(20, deadline.Token).ConfigureAwait(false);
        }

        Assert.True(condition(), failure);
    }
}
