using Dapper;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>
/// An API token's last-used time is advisory: it moves at most once a minute, and a database that can read but not
/// write (a full disk) still authenticates the token instead of failing every call.
/// </summary>
public sealed class ApiTokenLastUsedTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_is_still_accepted_when_its_last_used_time_cannot_be_written(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var clock = new ManualTimeProvider();
        var store = new AccountStore(new UserRepository(db.Database), new ApiTokenRepository(db.Database), clock);
        var user = await store.CreateLocalUserAsync("writer", false, default).WaitAsync(Timeout);
        var token = (await store.CreateApiTokenAsync(user.Id, "t", default).WaitAsync(Timeout))!;

        Assert.Equal(user.Id, (await store.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout))!.UserId);
        var first = await LastUsedAsync(store, user.Id);
        Assert.Equal(clock.GetUtcNow(), first);

        // Within the minute nothing is written; after it, the time moves.
        clock.Advance(TimeSpan.FromSeconds(30));
        await store.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout);
        Assert.Equal(first, await LastUsedAsync(store, user.Id));
        clock.Advance(TimeSpan.FromSeconds(31));
        await store.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout);
        Assert.Equal(clock.GetUtcNow(), await LastUsedAsync(store, user.Id));
        var written = clock.GetUtcNow();

        await RefuseWritesAsync(db, provider);
        try
        {

            clock.Advance(TimeSpan.FromMinutes(5));
            var caller = await store.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout);
            Assert.Equal((user.Id, token.Token.Id), (caller!.UserId, caller.TokenId));
            Assert.Equal(written, await LastUsedAsync(store, user.Id));
            Assert.Null(await store.AuthenticateAsync("mai_ForgedTokenThatLooksRealEnough0123456789abcdef", default).WaitAsync(Timeout));
        }
        finally
        {
            await AllowWritesAsync(db, provider);
        }
    }

    private static async Task<DateTimeOffset?> LastUsedAsync(AccountStore store, long userId) =>
        (await store.ListApiTokensAsync(userId, null, 10, default).WaitAsync(Timeout)).Single().LastUsedAt?.ToUniversalTime();

    // The write fails as a full disk fails it (PostgreSQL's SQLSTATE 53100, SQLite's "database or disk is full"),
    // while reads go on; a real full disk cannot be made safely inside a unit test.
    private static async Task RefuseWritesAsync(TestDatabase db, string provider)
    {
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        await connection.ExecuteAsync(provider == "Postgres"
            ? """
              CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$;
              CREATE TRIGGER refuse_writes BEFORE UPDATE ON api_tokens FOR EACH ROW EXECUTE FUNCTION refuse_writes();
              """
            : "CREATE TRIGGER refuse_writes BEFORE UPDATE ON api_tokens BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END").WaitAsync(Timeout);
    }

    private static async Task AllowWritesAsync(TestDatabase db, string provider)
    {
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        await connection.ExecuteAsync(provider == "Postgres"
            ? "DROP TRIGGER refuse_writes ON api_tokens; DROP FUNCTION refuse_writes()"
            : "DROP TRIGGER refuse_writes").WaitAsync(Timeout);
    }
}
