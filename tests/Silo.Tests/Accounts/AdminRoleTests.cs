using Maimai.Core.Accounts;
using Maimai.Silo.Accounts;
using Maimai.Silo.Cli;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>
/// Who is an admin: users.is_admin (set by the CLI verbs) or Admins:DiscordIds. A cached caller keeps its role for
/// ApiTokenCache:Duration, so a revoked role ends within that bound on every node.
/// </summary>
public sealed class AdminRoleTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_revoked_role_ends_within_the_token_cache_duration()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres", postgres);
        var clock = new ManualTimeProvider();
        var store = new AccountStore(new UserRepository(db.Database), new ApiTokenRepository(db.Database), clock);
        var cached = new CachedAccountStore(store, clock, Options.Create(new ApiTokenCacheOptions { Duration = TimeSpan.FromSeconds(30) }));
        var user = await store.CreateLocalUserAsync("admin-to-be", false, default).WaitAsync(Timeout);
        var token = (await store.CreateApiTokenAsync(user.Id, "t", default).WaitAsync(Timeout))!;
        var args = new[] { "--Storage:Provider=Postgres", "--Storage:ConnectionString=" + db.Database.ConnectionString };

        Assert.Equal(0, await UsersCommand.SetAdminAsync(user.Id, true, args, TextWriter.Null, TextWriter.Null, default).WaitAsync(Timeout));
        Assert.True((await cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout))!.IsAdmin);

        Assert.Equal(0, await UsersCommand.SetAdminAsync(user.Id, false, args, TextWriter.Null, TextWriter.Null, default).WaitAsync(Timeout));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.True((await cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout))!.IsAdmin);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False((await cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout))!.IsAdmin);
        Assert.False((await store.GetAccountAsync(user.Id, default).WaitAsync(Timeout))!.IsAdmin);

        var error = new StringWriter();
        Assert.Equal(1, await UsersCommand.SetAdminAsync(user.Id + 1000, true, args, TextWriter.Null, error, default).WaitAsync(Timeout));
        Assert.Contains("No user with id", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_discord_id_in_the_allowlist_is_an_admin_without_the_column()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", postgres);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Admins:DiscordIds:0"] = "111",
            ["Admins:DiscordIds:1"] = " 222 ",
        }).Build();
        var options = new ServiceCollection().AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName)).Services
            .BuildServiceProvider().GetRequiredService<IOptions<AdminOptions>>();
        var users = new UserRepository(db.Database);
        var store = new AccountStore(users, new ApiTokenRepository(db.Database), new ManualTimeProvider(), options);
        var listed = await users.UpsertByDiscordIdAsync("222", "listed", DateTimeOffset.UnixEpoch).WaitAsync(Timeout);
        var other = await users.UpsertByDiscordIdAsync("2222", "other", DateTimeOffset.UnixEpoch).WaitAsync(Timeout);

        Assert.True((await store.GetAccountAsync(listed.Id, default).WaitAsync(Timeout))!.IsAdmin);
        Assert.False((await store.GetAccountAsync(other.Id, default).WaitAsync(Timeout))!.IsAdmin);
        var token = (await store.CreateApiTokenAsync(listed.Id, "t", default).WaitAsync(Timeout))!;
        Assert.Equal(new ApiCaller(listed.Id, token.Token.Id, IsAdmin: true), await store.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        var otherToken = (await store.CreateApiTokenAsync(other.Id, "t", default).WaitAsync(Timeout))!;
        Assert.False((await store.AuthenticateAsync(otherToken.Plaintext, default).WaitAsync(Timeout))!.IsAdmin);
    }

    [Fact]
    public async Task The_cli_deletes_a_user_and_says_when_there_is_none()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres", postgres);
        var user = await db.AddUserAsync("cli-doomed");
        var args = new[] { "--Storage:Provider=Postgres", "--Storage:ConnectionString=" + db.Database.ConnectionString };

        Assert.Equal(0, await UsersCommand.DeleteAsync(user, args, TextWriter.Null, TextWriter.Null, default).WaitAsync(Timeout));
        Assert.Empty(await UserRowCensus.CountAsync(db.Database, user).WaitAsync(Timeout));
        var error = new StringWriter();
        Assert.Equal(1, await UsersCommand.DeleteAsync(user, args, TextWriter.Null, error, default).WaitAsync(Timeout));
        Assert.Contains("No user with id", error.ToString(), StringComparison.Ordinal);
    }
}
