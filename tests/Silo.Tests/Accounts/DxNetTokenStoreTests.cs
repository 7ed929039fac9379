using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>
/// The maimai token store: checked with the site before it is saved, encrypted at rest with the database key ring,
/// status without the secret, per user and region.
/// </summary>
public sealed class DxNetTokenStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_accepted_token_is_stored_encrypted_with_the_checks_session_and_read_back_by_a_new_process(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        await using var keys = new KeyRingHost(provider, db.Database.ConnectionString);
        var userId = await db.AddUserAsync();
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 6, 1, 3, 0, 0, TimeSpan.Zero));
        var check = new ScriptedTokenCheck(TokenCheckResult.Valid(new Dictionary<string, string> { ["userId"] = "rotated-by-the-check" }, 2));
        var store = Store(db.Database, keys, check, clock);

        Assert.False((await store.GetStatusAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(Timeout)).IsSet);
        var saved = await store.SetAsync(userId, Region.Intl, " clal=abcDEF123456 ", CancellationToken.None).WaitAsync(Timeout);

        Assert.True(saved.IsSaved, saved.Message);
        Assert.Equal((Region.Intl, new MaimaiToken(MaimaiTokenKind.Clal, "abcDEF123456")), Assert.Single(check.Calls));
        var status = await store.GetStatusAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(new DxNetTokenStatus(true, clock.GetUtcNow(), null, null, clock.GetUtcNow(), null), status);
        Assert.False((await store.GetStatusAsync(userId, Region.Jp, CancellationToken.None).WaitAsync(Timeout)).IsSet);

        // At rest: no trace of the plaintext.
        await using (var connection = await db.Database.OpenAsync().WaitAsync(Timeout))
        {
            var bytes = await connection.ExecuteScalarAsync<byte[]>("SELECT token_encrypted FROM user_tokens");
            Assert.DoesNotContain("abcDEF123456", System.Text.Encoding.UTF8.GetString(bytes!), StringComparison.Ordinal);
            Assert.DoesNotContain("abcDEF123456", Convert.ToBase64String(bytes!), StringComparison.Ordinal);
        }

        // A new process on the same database reads it, and the session the check opened comes first.
        await using var restarted = new KeyRingHost(provider, db.Database.ConnectionString);
        var session = await Store(db.Database, restarted, check, clock).ReadSessionAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(new MaimaiToken(MaimaiTokenKind.Clal, "abcDEF123456"), session!.Session!.Token);
        Assert.Equal("rotated-by-the-check", session.Session.Cookies["userId"]);

        Assert.True(await store.DeleteAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(Timeout));
        Assert.False(await store.DeleteAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(Timeout));
        Assert.Null(await store.ReadSessionAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(Timeout));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("clal=")]
    [InlineData("abc def")]
    [InlineData("userId=x;y")]
    public async Task Something_that_is_not_a_token_is_refused_without_asking_the_site(string text)
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", postgres);
        await using var keys = new KeyRingHost("Sqlite", db.Database.ConnectionString);
        var userId = await db.AddUserAsync();
        var check = ScriptedTokenCheck.Accepting;

        var saved = await Store(db.Database, keys, check, TimeProvider.System).SetAsync(userId, Region.Jp, text, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(DxNetTokenSaveOutcome.NotAToken, saved.Outcome);
        Assert.StartsWith("That is not a maimai DX NET token", saved.Message, StringComparison.Ordinal);
        Assert.Empty(check.Calls);
        Assert.Equal(0, await RowCountAsync(db));
    }

    [Theory]
    [InlineData(Region.Intl, "maimaidx-eng.com")]
    [InlineData(Region.Jp, "maimaidx.jp")]
    public async Task A_refused_token_is_not_saved_the_old_one_stays_and_the_message_says_where_to_log_in(Region region, string site)
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", postgres);
        await using var keys = new KeyRingHost("Sqlite", db.Database.ConnectionString);
        var userId = await db.AddUserAsync();
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 6, 1, 3, 0, 0, TimeSpan.Zero));
        await Store(db.Database, keys, ScriptedTokenCheck.Accepting, clock).SetAsync(userId, region, "userId=1111111111", CancellationToken.None).WaitAsync(Timeout);
        var before = await Store(db.Database, keys, ScriptedTokenCheck.Accepting, clock).GetStatusAsync(userId, region, CancellationToken.None).WaitAsync(Timeout);
        clock.Advance(TimeSpan.FromHours(1));
        var refusing = Store(db.Database, keys, new ScriptedTokenCheck(TokenCheckResult.Fail(new TokenExpiredFailure("the session was refused"), 1)), clock);

        var saved = await refusing.SetAsync(userId, region, "userId=2222222222", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(DxNetTokenSaveOutcome.Rejected, saved.Outcome);
        Assert.Contains($"Log in to maimai DX NET ({site}) again", saved.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("2222222222", saved.Message, StringComparison.Ordinal);
        Assert.Equal(before, await refusing.GetStatusAsync(userId, region, CancellationToken.None).WaitAsync(Timeout));
        var session = await refusing.ReadSessionAsync(userId, region, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal("1111111111", session!.Session!.Token.Value);
    }

    [Fact]
    public async Task In_the_maintenance_window_nothing_is_saved_and_the_player_learns_when_to_retry()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", postgres);
        await using var keys = new KeyRingHost("Sqlite", db.Database.ConnectionString);
        var userId = await db.AddUserAsync();
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 6, 1, 5, 30, 0, TimeSpan.FromHours(9)));
        var ends = new DateTimeOffset(2025, 6, 1, 7, 0, 0, TimeSpan.FromHours(9));
        var check = new ScriptedTokenCheck(TokenCheckResult.Fail(new MaintenanceFailure(ends, "maimai DX NET is in its daily maintenance (04:00 to 07:00 JST)."), 0));

        var saved = await Store(db.Database, keys, check, clock).SetAsync(userId, Region.Jp, "userId=123", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(DxNetTokenSaveOutcome.SiteUnavailable, saved.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(90), saved.RetryAfter);
        Assert.Contains("maintenance", saved.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", saved.Message, StringComparison.Ordinal);
        Assert.Equal(0, await RowCountAsync(db));
    }

    [Fact]
    public async Task Without_a_scraper_for_the_region_nothing_is_saved()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", postgres);
        await using var keys = new KeyRingHost("Sqlite", db.Database.ConnectionString);
        var userId = await db.AddUserAsync();

        var saved = await Store(db.Database, keys, new ScriptedTokenCheck(null), TimeProvider.System).SetAsync(userId, Region.Intl, "userId=123", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(DxNetTokenSaveOutcome.SiteUnavailable, saved.Outcome);
        Assert.Null(saved.RetryAfter);
        Assert.Equal(0, await RowCountAsync(db));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_fetch_that_reads_the_site_moves_valid_at_and_a_refusal_records_when(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        await using var keys = new KeyRingHost(provider, db.Database.ConnectionString);
        var userId = await db.AddUserAsync();
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 6, 1, 3, 0, 0, TimeSpan.Zero));
        var store = Store(db.Database, keys, ScriptedTokenCheck.Accepting, clock);
        await store.SetAsync(userId, Region.Jp, "userId=123", CancellationToken.None).WaitAsync(Timeout);
        var setAt = clock.GetUtcNow();

        clock.Advance(TimeSpan.FromHours(1));
        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            await store.SaveSessionAsync(transaction, userId, Region.Jp, new Dictionary<string, string> { ["userId"] = "456" }, clock.GetUtcNow(), CancellationToken.None).WaitAsync(Timeout);
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        var fetched = clock.GetUtcNow();
        Assert.Equal(new DxNetTokenStatus(true, setAt, fetched, null, fetched, null), await store.GetStatusAsync(userId, Region.Jp, CancellationToken.None).WaitAsync(Timeout));

        clock.Advance(TimeSpan.FromHours(1));
        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            await store.RecordFailureAsync(transaction, userId, Region.Jp, "The maimai DX NET token was refused", new Dictionary<string, string>(), clock.GetUtcNow(), CancellationToken.None).WaitAsync(Timeout);
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        var refused = clock.GetUtcNow();
        Assert.Equal(new DxNetTokenStatus(true, setAt, refused, "The maimai DX NET token was refused", fetched, refused),
            await store.GetStatusAsync(userId, Region.Jp, CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_key_ring_that_lacks_the_key_cannot_read_the_token_and_says_so()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", postgres);
        await using var other = await TestDatabase.CreateAsync("Sqlite", postgres);
        await using var keys = new KeyRingHost("Sqlite", db.Database.ConnectionString);
        await using var strangerKeys = new KeyRingHost("Sqlite", other.Database.ConnectionString);
        var userId = await db.AddUserAsync();
        await Store(db.Database, keys, ScriptedTokenCheck.Accepting, TimeProvider.System).SetAsync(userId, Region.Jp, "userId=123", CancellationToken.None).WaitAsync(Timeout);

        var stranger = Store(db.Database, strangerKeys, ScriptedTokenCheck.Accepting, TimeProvider.System);

        Assert.Same(SessionRead.Unreadable, await stranger.ReadSessionAsync(userId, Region.Jp, CancellationToken.None).WaitAsync(Timeout));
    }

    private static DxNetTokenStore Store(Database database, KeyRingHost keys, IDxNetTokenCheck check, TimeProvider clock) =>
        new(new DxNetTokenRepository(database), keys.Protector, check, clock);

    private static async Task<long> RowCountAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM user_tokens").WaitAsync(Timeout);
    }
}
