using Maimai.Core.Accounts;
using Maimai.Core.Sharing;
using Maimai.Silo.Storage.Sharing;
using Maimai.Silo.Storage.Users;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>user_sharing on both providers (migration 0010): private by default, one username per player in any case, and gone with the user.</summary>
public sealed class SharingRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_username_is_one_players_until_they_rename(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var sharing = new SharingRepository(db.Database);
        var first = await db.AddUserAsync("1");
        var second = await db.AddUserAsync("2");
        var scores = new SharedParts(false, true, false, false);

        Assert.Equal(SharingSettings.Private, await sharing.GetAsync(first).WaitAsync(Timeout));
        Assert.Equal(SharingSave.Saved, await sharing.SetAsync(first, new SharingSettings("rin", scores), Now).WaitAsync(Timeout));
        // Any letter case is the same name.
        Assert.Equal(SharingSave.UsernameTaken, await sharing.SetAsync(second, new SharingSettings("RIN", scores), Now).WaitAsync(Timeout));
        Assert.Equal(SharingSettings.Private, await sharing.GetAsync(second).WaitAsync(Timeout));
        Assert.Equal(new PublicSharing(first, "rin", scores), await sharing.FindByUsernameAsync("Rin").WaitAsync(Timeout));

        Assert.Equal(SharingSave.Saved, await sharing.SetAsync(first, new SharingSettings("rin2", scores), Now).WaitAsync(Timeout));
        Assert.Equal(SharingSave.Saved, await sharing.SetAsync(second, new SharingSettings("rin", SharedParts.None), Now).WaitAsync(Timeout));
        Assert.Equal(second, (await sharing.FindByUsernameAsync("rin").WaitAsync(Timeout))?.UserId);
        Assert.Equal(SharingSave.UserNotFound, await sharing.SetAsync(999_999, new SharingSettings("ghost", scores), Now).WaitAsync(Timeout));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_the_user_deletes_their_sharing_row(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var sharing = new SharingRepository(db.Database);
        var user = await db.AddUserAsync("7");
        Assert.Equal(SharingSave.Saved, await sharing.SetAsync(user, new SharingSettings("leaver", new SharedParts(true, true, true, true)), Now).WaitAsync(Timeout));
        Assert.Contains("user_sharing", (await UserRowCensus.CountAsync(db.Database, user)).Keys);

        Assert.Equal(AccountDeletion.Deleted, await new UserDeletionRepository(db.Database).DeleteAsync(user, AuditActor.Cli, Now).WaitAsync(Timeout));

        Assert.Null(await sharing.FindByUsernameAsync("leaver").WaitAsync(Timeout));
        Assert.Empty(await UserRowCensus.CountAsync(db.Database, user));
    }
}
