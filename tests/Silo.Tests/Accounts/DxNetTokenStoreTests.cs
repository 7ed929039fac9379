using Dapper;
using Maimai.Core.Game;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.AspNetCore.DataProtection;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>The maimai token store: encrypted at rest with a persisted key ring, status without the secret, per user and region.</summary>
public sealed class DxNetTokenStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string _keys = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "maimai-keys-" + Guid.NewGuid().ToString("N"))).FullName;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_is_stored_encrypted_read_back_only_by_the_pipeline_and_survives_a_new_key_ring_instance(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var userId = await db.AddUserAsync();
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 6, 1, 3, 0, 0, TimeSpan.Zero));
        var store = Store(db.Database, clock);

        Assert.False((await store.GetStatusAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).IsSet);
        await store.SetAsync(userId, Region.Intl, " clal=abcDEF123456 ", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var status = await store.GetStatusAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(new Core.Accounts.DxNetTokenStatus(true, clock.GetUtcNow(), null, null), status);
        Assert.False((await store.GetStatusAsync(userId, Region.Jp, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).IsSet);

        // At rest: no trace of the plaintext.
        await using (var connection = await db.Database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30)))
        {
            var bytes = await connection.ExecuteScalarAsync<byte[]>("SELECT token_encrypted FROM user_tokens");
            Assert.DoesNotContain("abcDEF123456", System.Text.Encoding.UTF8.GetString(bytes!), StringComparison.Ordinal);
            Assert.DoesNotContain("abcDEF123456", Convert.ToBase64String(bytes!), StringComparison.Ordinal);
        }

        // A new process with the same key folder reads it (the keys were persisted).
        var session = await Store(db.Database, clock).ReadSessionAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(new Scraping.Contract.MaimaiToken(Scraping.Contract.MaimaiTokenKind.Clal, "abcDEF123456"), session!.Session!.Token);
        Assert.Empty(session.Session.Cookies);

        Assert.True(await store.DeleteAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await store.DeleteAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(await store.ReadSessionAsync(userId, Region.Intl, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("clal=")]
    [InlineData("abc def")]
    [InlineData("userId=x;y")]
    public async Task Something_that_is_not_a_token_is_refused_with_a_message_for_the_player(string text)
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", postgres);
        var userId = await db.AddUserAsync();
        var store = Store(db.Database, TimeProvider.System);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync(userId, Region.Jp, text, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("That is not a maimai DX NET token", error.Message, StringComparison.Ordinal);
        Assert.False((await store.GetStatusAsync(userId, Region.Jp, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).IsSet);
    }

    [Fact]
    public async Task A_key_ring_that_lost_its_keys_cannot_read_the_token_and_says_so()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", postgres);
        var userId = await db.AddUserAsync();
        await Store(db.Database, TimeProvider.System).SetAsync(userId, Region.Jp, "userId=123", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var otherKeys = Directory.CreateDirectory(Path.Combine(_keys, "other")).FullName;
        var stranger = new DxNetTokenStore(new DxNetTokenRepository(db.Database), new DxNetTokenProtector(DataProtectionProvider.Create(new DirectoryInfo(otherKeys),
            b => b.SetApplicationName("maimai-score-tracker"))), TimeProvider.System);

        Assert.Same(SessionRead.Unreadable, await stranger.ReadSessionAsync(userId, Region.Jp, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    public void Dispose() => Directory.Delete(_keys, recursive: true);

    private DxNetTokenStore Store(Database database, TimeProvider clock) =>
        new(new DxNetTokenRepository(database), new DxNetTokenProtector(DataProtectionProvider.Create(new DirectoryInfo(_keys), b => b.SetApplicationName("maimai-score-tracker"))), clock);
}
