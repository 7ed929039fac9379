using Dapper;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>
/// The key ring that encrypts maimai tokens lives in the database: every silo on it reads what another protected,
/// and a rotated key still reads what the old key protected. Both providers.
/// </summary>
public sealed class DatabaseKeyRingTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_silos_on_one_database_read_each_others_tokens(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        await using var first = new KeyRingHost(provider, db.Database.ConnectionString);
        await using var second = new KeyRingHost(provider, db.Database.ConnectionString);

        var fromFirst = await Task.Run(() => first.Protector.ProtectToken("userId=first-silo")).WaitAsync(Timeout);
        var fromSecond = await Task.Run(() => second.Protector.ProtectToken("userId=second-silo")).WaitAsync(Timeout);

        Assert.Equal("userId=first-silo", second.Protector.UnprotectToken(fromFirst));
        Assert.Equal("userId=second-silo", first.Protector.UnprotectToken(fromSecond));
        Assert.True(await KeyCountAsync(db) >= 1);

        // A third process started later (a restart) still reads both: the keys are in the database, not in memory.
        await using var restarted = new KeyRingHost(provider, db.Database.ConnectionString);
        Assert.Equal("userId=first-silo", restarted.Protector.UnprotectToken(fromFirst));
        Assert.Equal("userId=second-silo", restarted.Protector.UnprotectToken(fromSecond));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task After_a_rotation_new_tokens_use_the_new_key_and_old_tokens_still_read(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        await using var silo = new KeyRingHost(provider, db.Database.ConnectionString);
        await using var other = new KeyRingHost(provider, db.Database.ConnectionString);
        var keys = silo.Services.GetRequiredService<IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        var first = await Task.Run(() => keys.CreateNewKey(now.AddDays(-20), now.AddDays(70))).WaitAsync(Timeout);
        var old = await Task.Run(() => silo.Protector.ProtectToken("clal=before-rotation")).WaitAsync(Timeout);
        Assert.Equal(first.KeyId, KeyIdOf(old));
        Assert.Equal(1, await KeyCountAsync(db));

        // Rotate: a newer key takes over as the default (Data Protection makes one when the default nears its
        // expiry); the old key stays in the ring, only no longer used to protect.
        var rotated = await Task.Run(() => keys.CreateNewKey(now.AddDays(-10), now.AddDays(80))).WaitAsync(Timeout);
        Assert.Equal(2, await KeyCountAsync(db));

        // A silo that starts after the rotation protects with the new key and still reads the old token.
        await using var restarted = new KeyRingHost(provider, db.Database.ConnectionString);
        var fresh = await Task.Run(() => restarted.Protector.ProtectToken("clal=after-rotation")).WaitAsync(Timeout);
        Assert.Equal(rotated.KeyId, KeyIdOf(fresh));
        Assert.Equal("clal=before-rotation", restarted.Protector.UnprotectToken(old));
        Assert.Equal("clal=after-rotation", restarted.Protector.UnprotectToken(fresh));

        // Silos that loaded their key ring before the rotation find the new key in the database when they meet it.
        Assert.Equal("clal=after-rotation", silo.Protector.UnprotectToken(fresh));
        Assert.Equal("clal=after-rotation", other.Protector.UnprotectToken(fresh));
        Assert.Equal("clal=before-rotation", other.Protector.UnprotectToken(old));

        // The silo that made the key protects with it once its cached ring has refreshed (Data Protection refreshes in
        // the background): wait for that, which also leaves no refresh reading the database when the test ends.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (KeyIdOf(silo.Protector.ProtectToken("clal=x")) != rotated.KeyId)
        {
            Assert.True(waited.Elapsed < Timeout, "the silo that rotated never protected with the new key");
            await Task.Delay(20);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_key_ring_folder_from_before_is_imported_once_so_its_tokens_stay_readable(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var folder = Directory.CreateTempSubdirectory("maimai-keys-");
        try
        {
            var files = DataProtectionProvider.Create(folder, b => b.SetApplicationName(Maimai.Silo.Accounts.TokenProtectionServices.ApplicationName));
            var saved = new Maimai.Silo.Accounts.DxNetTokenProtector(files).ProtectToken("userId=saved-before-the-move");
            var settings = new Dictionary<string, string?> { ["DataProtection:KeysPath"] = folder.FullName };

            await using (var first = new KeyRingHost(provider, db.Database.ConnectionString, settings))
            {
                await first.StartAsync().WaitAsync(Timeout);
                Assert.Equal("userId=saved-before-the-move", first.Protector.UnprotectToken(saved));
            }

            await using var again = new KeyRingHost(provider, db.Database.ConnectionString, settings);
            await again.StartAsync().WaitAsync(Timeout);
            Assert.Equal(1, await KeyCountAsync(db)); // the imported key; no new one was needed

            // Without the setting (the folder gone), the database alone reads it.
            folder.Delete(recursive: true);
            await using var later = new KeyRingHost(provider, db.Database.ConnectionString);
            Assert.Equal("userId=saved-before-the-move", later.Protector.UnprotectToken(saved));
        }
        finally
        {
            if (folder.Exists)
            {
                folder.Delete(recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_key_lifetime_comes_from_configuration_and_is_at_least_seven_days()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", postgres);
        await using var configured = new KeyRingHost("Sqlite", db.Database.ConnectionString,
            new Dictionary<string, string?> { ["DataProtection:KeyLifetime"] = "30.00:00:00" });
        await Task.Run(() => configured.Protector.ProtectToken("userId=1")).WaitAsync(Timeout);
        var key = Assert.Single(configured.Services.GetRequiredService<IKeyManager>().GetAllKeys());
        Assert.Equal(TimeSpan.FromDays(30), key.ExpirationDate - key.ActivationDate);

        await using var tooShort = new KeyRingHost("Sqlite", db.Database.ConnectionString,
            new Dictionary<string, string?> { ["DataProtection:KeyLifetime"] = "1.00:00:00" });
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => tooShort.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Maimai.Silo.Accounts.KeyRingOptions>>().Value);
        Assert.Contains("DataProtection:KeyLifetime", error.Message, StringComparison.Ordinal);
    }

    // A protected payload starts with a 4-byte magic header, then the id of the key that protected it.
    private static Guid KeyIdOf(byte[] payload) => new(payload.AsSpan(4, 16));

    private static async Task<long> KeyCountAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync().WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_protection_keys").WaitAsync(Timeout);
    }
}
