using Maimai.Core.Accounts;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>API-token authentication behind the per-node cache, over the real store and database, on a fake clock.</summary>
public sealed class CachedAccountStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_token_reaches_the_database_once_per_cache_duration()
    {
        await using var world = await World.CreateAsync(postgres);
        var (userId, token) = await world.AddTokenAsync();

        using (var commands = PostgresCommandCounter.Start())
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(new ApiCaller(userId, token.Token.Id), await world.Cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
            }

            Assert.Equal(1, world.Counting.Lookups);
            // The lookup that did go through is one command, last_used_at included.
            Assert.Single(commands.Commands);
        }

        world.Clock.Advance(Duration - TimeSpan.FromTicks(1));
        Assert.NotNull(await world.Cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        Assert.Equal(1, world.Counting.Lookups);

        world.Clock.Advance(TimeSpan.FromTicks(1));
        Assert.NotNull(await world.Cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        Assert.NotNull(await world.Cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        Assert.Equal(2, world.Counting.Lookups);
    }

    [Fact]
    public async Task A_burst_of_calls_with_a_token_not_yet_cached_costs_one_lookup()
    {
        await using var world = await World.CreateAsync(postgres);
        var (userId, token) = await world.AddTokenAsync();

        var callers = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(() => world.Cached.AuthenticateAsync(token.Plaintext, default))))
            .WaitAsync(Timeout);

        Assert.All(callers, c => Assert.Equal(new ApiCaller(userId, token.Token.Id), c));
        Assert.Equal(1, world.Counting.Lookups);
    }

    [Fact]
    public async Task A_token_revoked_through_the_store_stops_at_once_and_the_users_other_token_stays_cached()
    {
        await using var world = await World.CreateAsync(postgres);
        var (userId, phone) = await world.AddTokenAsync();
        var laptop = (await world.Cached.CreateApiTokenAsync(userId, "laptop", default).WaitAsync(Timeout))!;
        Assert.NotNull(await world.Cached.AuthenticateAsync(phone.Plaintext, default).WaitAsync(Timeout));
        Assert.NotNull(await world.Cached.AuthenticateAsync(laptop.Plaintext, default).WaitAsync(Timeout));
        Assert.True(await world.ServesFromCacheAsync(phone.Plaintext));
        Assert.True(await world.ServesFromCacheAsync(laptop.Plaintext));

        Assert.True(await world.Cached.RevokeApiTokenAsync(userId, phone.Token.Id, default).WaitAsync(Timeout));

        Assert.Null(await world.Cached.AuthenticateAsync(phone.Plaintext, default).WaitAsync(Timeout));
        Assert.Equal(3, world.Counting.Lookups);
        Assert.NotNull(await world.Cached.AuthenticateAsync(laptop.Plaintext, default).WaitAsync(Timeout));
        Assert.Equal(3, world.Counting.Lookups);
        Assert.False(await world.ServesFromCacheAsync(phone.Plaintext));
        Assert.True(await world.ServesFromCacheAsync(laptop.Plaintext));
    }

    [Fact]
    public async Task Another_users_revoke_of_the_same_id_does_not_drop_the_entry()
    {
        await using var world = await World.CreateAsync(postgres);
        var (userId, token) = await world.AddTokenAsync();
        var (otherUser, _) = await world.AddTokenAsync();
        Assert.NotNull(await world.Cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));

        Assert.False(await world.Cached.RevokeApiTokenAsync(otherUser, token.Token.Id, default).WaitAsync(Timeout));

        Assert.Equal(new ApiCaller(userId, token.Token.Id), await world.Cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        Assert.Equal(1, world.Counting.Lookups);
    }

    [Fact]
    public async Task A_token_revoked_on_another_node_stops_within_the_cache_duration()
    {
        await using var world = await World.CreateAsync(postgres);
        var (userId, token) = await world.AddTokenAsync();
        Assert.NotNull(await world.Cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));

        // Another node shares only the database: this node learns of the revoke when its entry expires.
        Assert.True(await world.OtherNode.RevokeApiTokenAsync(userId, token.Token.Id, default).WaitAsync(Timeout));
        world.Clock.Advance(Duration - TimeSpan.FromSeconds(1));
        Assert.NotNull(await world.Cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await world.Cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        Assert.False(await world.ServesFromCacheAsync(token.Plaintext));
    }

    [Fact]
    public async Task An_unknown_token_is_refused_every_time_by_the_database_and_never_cached()
    {
        await using var world = await World.CreateAsync(postgres);
        var unknown = ApiTokenFormat.Generate();

        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await world.Cached.AuthenticateAsync(unknown, default).WaitAsync(Timeout));
        }

        Assert.Equal(5, world.Counting.Lookups);
        Assert.False(await world.ServesFromCacheAsync(unknown));
        Assert.Null(await world.Cached.AuthenticateAsync("mdx_short", default).WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_lookup_racing_a_revoke_does_not_leave_the_revoked_token_cached()
    {
        await using var world = await World.CreateAsync(postgres);
        var (userId, token) = await world.AddTokenAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        world.Counting.HoldNextLookup = release;

        // The lookup has read the token (still valid) and is paused before it can cache it; the revoke lands then.
        var racing = world.Cached.AuthenticateAsync(token.Plaintext, default);
        await world.Counting.LookupRead.Task.WaitAsync(Timeout);
        Assert.True(await world.Cached.RevokeApiTokenAsync(userId, token.Token.Id, default).WaitAsync(Timeout));
        release.SetResult();
        Assert.NotNull(await racing.WaitAsync(Timeout));

        Assert.Null(await world.Cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        Assert.False(await world.ServesFromCacheAsync(token.Plaintext));
    }

    [Fact]
    public async Task The_cache_keeps_at_most_MaxEntries_tokens_and_expired_ones_make_room()
    {
        await using var world = await World.CreateAsync(postgres, maxEntries: 2);
        var tokens = new List<CreatedApiToken>();
        for (var i = 0; i < 3; i++)
        {
            tokens.Add((await world.AddTokenAsync()).Token);
            Assert.NotNull(await world.Cached.AuthenticateAsync(tokens[i].Plaintext, default).WaitAsync(Timeout));
        }

        Assert.True(await world.ServesFromCacheAsync(tokens[0].Plaintext));
        Assert.True(await world.ServesFromCacheAsync(tokens[1].Plaintext));
        Assert.NotNull(await world.Cached.AuthenticateAsync(tokens[2].Plaintext, default).WaitAsync(Timeout));
        Assert.Equal(4, world.Counting.Lookups);

        world.Clock.Advance(Duration);
        Assert.NotNull(await world.Cached.AuthenticateAsync(tokens[2].Plaintext, default).WaitAsync(Timeout));
        Assert.NotNull(await world.Cached.AuthenticateAsync(tokens[2].Plaintext, default).WaitAsync(Timeout));
        Assert.Equal(5, world.Counting.Lookups);
        Assert.True(await world.ServesFromCacheAsync(tokens[2].Plaintext));
        Assert.False(await world.ServesFromCacheAsync(tokens[0].Plaintext));
    }

    [Fact]
    public async Task A_zero_duration_turns_the_cache_off()
    {
        await using var world = await World.CreateAsync(postgres, duration: TimeSpan.Zero);
        var (_, token) = await world.AddTokenAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await world.Cached.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        }

        Assert.Equal(3, world.Counting.Lookups);
        Assert.False(await world.ServesFromCacheAsync(token.Plaintext));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_one_statement_lookup_records_last_use_at_most_once_a_minute(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var clock = new ManualTimeProvider();
        var store = new AccountStore(new UserRepository(db.Database), new ApiTokenRepository(db.Database), clock);
        var user = await store.CreateLocalUserAsync("player", false, default).WaitAsync(Timeout);
        var token = (await store.CreateApiTokenAsync(user.Id, "t", default).WaitAsync(Timeout))!;
        var t0 = clock.GetUtcNow();
        async Task<DateTimeOffset?> LastUsedAsync() => (await store.ListApiTokensAsync(user.Id, null, 10, default).WaitAsync(Timeout)).Single().LastUsedAt;

        Assert.Null(await LastUsedAsync());
        Assert.Equal(new ApiCaller(user.Id, token.Token.Id), await store.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        Assert.Equal(t0, await LastUsedAsync());

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.NotNull(await store.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        Assert.Equal(t0, await LastUsedAsync());

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await store.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        Assert.Equal(t0.AddMinutes(1), await LastUsedAsync());

        Assert.True(await store.RevokeApiTokenAsync(user.Id, token.Token.Id, default).WaitAsync(Timeout));
        Assert.Null(await store.AuthenticateAsync(token.Plaintext, default).WaitAsync(Timeout));
        Assert.Null(await store.AuthenticateAsync(ApiTokenFormat.Generate(), default).WaitAsync(Timeout));
    }

    /// <summary>One node's cached store over a counted real store, a second node's plain store, one database and clock.</summary>
    private sealed class World : IAsyncDisposable
    {
        private readonly TestDatabase _db;

        private World(TestDatabase db, TimeSpan duration, int maxEntries)
        {
            _db = db;
            var users = new UserRepository(db.Database);
            Counting = new CountingAccountStore(new AccountStore(users, new ApiTokenRepository(db.Database), Clock));
            Cached = new CachedAccountStore(Counting, Clock, Options.Create(new ApiTokenCacheOptions { Duration = duration, MaxEntries = maxEntries }));
            OtherNode = new AccountStore(users, new ApiTokenRepository(db.Database), Clock);
        }

        public ManualTimeProvider Clock { get; } = new();

        public CountingAccountStore Counting { get; }

        public CachedAccountStore Cached { get; }

        public AccountStore OtherNode { get; }

        public static async Task<World> CreateAsync(PostgresFixture postgres, TimeSpan? duration = null, int maxEntries = 100) =>
            new(await TestDatabase.CreateAsync("Postgres", postgres), duration ?? Duration, maxEntries);

        public async Task<(long UserId, CreatedApiToken Token)> AddTokenAsync()
        {
            var user = await Cached.CreateLocalUserAsync("player", false, default).WaitAsync(Timeout);
            return (user.Id, (await Cached.CreateApiTokenAsync(user.Id, "test", default).WaitAsync(Timeout))!);
        }

        /// <summary>Whether this node answers the token from its cache: one more authentication that does not reach the store.</summary>
        public async Task<bool> ServesFromCacheAsync(string plaintext)
        {
            var before = Counting.Lookups;
            await Cached.AuthenticateAsync(plaintext, default).WaitAsync(Timeout);
            return Counting.Lookups == before;
        }

        public ValueTask DisposeAsync() => _db.DisposeAsync();
    }
}
