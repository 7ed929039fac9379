using System.Security.Cryptography;
using System.Text;
using Maimai.Silo.Site;
using Maimai.Silo.Site.Sessions;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace Maimai.Silo.Tests.Site;

/// <summary>The session cookie's server side on both providers: only the key's hash is kept, and an ended session stays ended.</summary>
public sealed class WebSessionTicketStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stored_ticket_is_found_by_the_hash_of_its_key_until_removed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await new UserRepository(db.Database).UpsertByDiscordIdAsync("4242", "keeper", Start).WaitAsync(Timeout);
        var sessions = new WebSessionRepository(db.Database);
        var store = new WebSessionTicketStore(sessions, new EphemeralDataProtectionProvider(), new ManualTimeProvider(Start));

        var key = await store.StoreAsync(Ticket(user, Start.AddDays(14)), CancellationToken.None).WaitAsync(Timeout);

        // The row is found by SHA-256(key); the key itself is not a lookup that works.
        Assert.NotNull(await sessions.FindAsync(SHA256.HashData(Encoding.UTF8.GetBytes(key)), Start).WaitAsync(Timeout));
        Assert.Null(await sessions.FindAsync(Encoding.UTF8.GetBytes(key), Start).WaitAsync(Timeout));
        var read = await store.RetrieveAsync(key, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(user.Id, WebSessionClaims.UserId(read!.Principal));

        await store.RemoveAsync(key, CancellationToken.None).WaitAsync(Timeout);
        // A renewal racing the log-out does not bring the session back.
        await store.RenewAsync(key, Ticket(user, Start.AddDays(20)), CancellationToken.None).WaitAsync(Timeout);
        Assert.Null(await store.RetrieveAsync(key, CancellationToken.None).WaitAsync(Timeout));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_idle_session_expires_and_a_renewal_slides_it(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await new UserRepository(db.Database).UpsertByDiscordIdAsync("4343", "idler", Start).WaitAsync(Timeout);
        var clock = new ManualTimeProvider(Start);
        var store = new WebSessionTicketStore(new WebSessionRepository(db.Database), new EphemeralDataProtectionProvider(), clock);
        var idle = await store.StoreAsync(Ticket(user, Start.AddDays(14)), CancellationToken.None).WaitAsync(Timeout);
        var active = await store.StoreAsync(Ticket(user, Start.AddDays(14)), CancellationToken.None).WaitAsync(Timeout);

        clock.Advance(TimeSpan.FromDays(10));
        await store.RenewAsync(active, Ticket(user, clock.GetUtcNow().AddDays(14)), CancellationToken.None).WaitAsync(Timeout);
        clock.Advance(TimeSpan.FromDays(5));

        Assert.Null(await store.RetrieveAsync(idle, CancellationToken.None).WaitAsync(Timeout));
        Assert.NotNull(await store.RetrieveAsync(active, CancellationToken.None).WaitAsync(Timeout));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Discord_sign_in_updates_the_profile_and_a_sign_in_without_one_keeps_it(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var users = new UserRepository(db.Database);

        var created = await users.UpsertByDiscordIdAsync(new DiscordProfile("5050", "rin", "Rin", "abc"), Start).WaitAsync(Timeout);
        var renamed = await users.UpsertByDiscordIdAsync(new DiscordProfile("5050", "rin2", "Rin 2", null), Start.AddHours(1)).WaitAsync(Timeout);
        var cli = await users.UpsertByDiscordIdAsync("5050", "Rin 3", Start.AddHours(2)).WaitAsync(Timeout);

        Assert.Equal(created.Id, renamed.Id);
        Assert.Equal(("rin", "abc", Start), (created.DiscordUsername, created.DiscordAvatar, created.UpdatedAt));
        Assert.Equal(("rin2", null, "Rin 2", Start.AddHours(1)), (renamed.DiscordUsername, renamed.DiscordAvatar, renamed.DisplayName, renamed.UpdatedAt));
        Assert.Equal(("rin2", "Rin 3", Start), (cli.DiscordUsername, cli.DisplayName, cli.CreatedAt));
    }

    private static AuthenticationTicket Ticket(User user, DateTimeOffset expires) =>
        new(WebSessionClaims.Principal(user, WebLoginSchemes.Cookie), new AuthenticationProperties { ExpiresUtc = expires }, WebLoginSchemes.Cookie);
}
