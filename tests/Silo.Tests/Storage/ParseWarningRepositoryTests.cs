using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Core.Accounts;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Users;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>parse_warnings and the fetch's warning count and pages, on both providers (migration 0009).</summary>
public sealed class ParseWarningRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_completed_fetch_keeps_its_warnings_and_pages_and_only_its_user_sees_them(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var other = await db.AddUserAsync("2000");
        var fetches = new FetchRepository(db.Database);
        var warnings = new ParseWarningRepository(db.Database);
        var fetch = Assert.IsType<FetchStart.Started>(await fetches.TryStartAsync(user, Region.Jp, "node-a", Now, TimeSpan.Zero).WaitAsync(Timeout)).Fetch;
        var pages = PagesRequested.From([new(FetchStage.Scores, 6), new(FetchStage.PlayerData, 1), new(FetchStage.Record, 1), new(FetchStage.Login, 0)]);

        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            var kept = await warnings.InsertAsync(transaction, fetch.Id, user, Region.Jp, "Maimai.Plugins.Jp 1.0.0.0",
                [new NewParseWarning("Record", "unreadable achievement", "<div>??</div>"), new NewParseWarning("ScoreList", "unreadable level", "<div>x</div>")],
                Now, CancellationToken.None).WaitAsync(Timeout);
            Assert.True(await fetches.CompleteAsync(transaction, fetch.Id, null, Now, kept, pages).WaitAsync(Timeout));
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        var status = (await fetches.GetAsync(user, fetch.Id).WaitAsync(Timeout))!.ToStatus();
        Assert.Equal(2, status.WarningCount);
        Assert.Equal(pages, status.PagesRequested);
        Assert.Equal("PlayerData=1;Scores=6;Record=1", status.PagesRequested!.ToString());
        Assert.Equal(8, status.PagesRequested.Total);

        var stored = await warnings.ListForFetchAsync(user, fetch.Id).WaitAsync(Timeout);
        Assert.Equal(["Record", "ScoreList"], stored.Select(w => w.PageKind));
        Assert.All(stored, w => Assert.Equal((fetch.Id, user, Region.Jp, "Maimai.Plugins.Jp 1.0.0.0", Now), (w.FetchId, w.UserId, w.Region, w.PluginVersion, w.CreatedAt)));
        Assert.Equal("<div>??</div>", stored[0].Fragment);
        Assert.Empty(await warnings.ListForFetchAsync(other, fetch.Id).WaitAsync(Timeout));

        // Read again: each warning is marked once, with the build that read it; unread ones stay listed.
        Assert.Equal(2, (await warnings.ListUnreadAsync(Region.Jp, 0, 10).WaitAsync(Timeout)).Count);
        Assert.Empty(await warnings.ListUnreadAsync(Region.Intl, 0, 10).WaitAsync(Timeout));
        Assert.True(await warnings.MarkReparsedAsync(stored[0].Id, "Maimai.Plugins.Jp 1.1.0.0", Now.AddDays(1)).WaitAsync(Timeout));
        Assert.False(await warnings.MarkReparsedAsync(stored[0].Id, "Maimai.Plugins.Jp 1.2.0.0", Now.AddDays(2)).WaitAsync(Timeout));
        Assert.Equal([stored[1].Id], (await warnings.ListUnreadAsync(Region.Jp, 0, 10).WaitAsync(Timeout)).Select(w => w.Id));
        var marked = (await warnings.ListForFetchAsync(user, fetch.Id).WaitAsync(Timeout))[0];
        Assert.Equal(("Maimai.Plugins.Jp 1.1.0.0", Now.AddDays(1)), (marked.ReparsedBy, marked.ReparsedAt));

        // Erasing the account takes its warnings with it.
        await new UserDeletionRepository(db.Database).DeleteAsync(user, AuditActor.User(user), Now).WaitAsync(Timeout);
        Assert.Empty(await warnings.ListUnreadAsync(Region.Jp, 0, 10).WaitAsync(Timeout));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_fetch_keeps_the_pages_it_requested(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var fetches = new FetchRepository(db.Database);
        var fetch = Assert.IsType<FetchStart.Started>(await fetches.TryStartAsync(user, Region.Intl, "node-a", Now, TimeSpan.Zero).WaitAsync(Timeout)).Fetch;

        Assert.True(await fetches.FailAsync(null, fetch.Id, FetchErrorCode.Maintenance, "maintenance", PagesRequested.Parse("PlayerData=1;Bogus=3;Scores=2"), Now).WaitAsync(Timeout));

        var status = (await fetches.GetAsync(user, fetch.Id).WaitAsync(Timeout))!.ToStatus();
        Assert.Equal(0, status.WarningCount);
        Assert.Equal("PlayerData=1;Scores=2", status.PagesRequested?.ToString());
    }
}
