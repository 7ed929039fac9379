using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Keys;
using Maimai.Silo.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>
/// One process's view of the token encryption, registered as the Silo registers it (AddTokenProtection) over a
/// database of its own connection pool: two of these on one database are two silos sharing the key ring.
/// </summary>
internal sealed class KeyRingHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public KeyRingHost(string provider, string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, TimeProvider.System);
        services.AddSingleton(_ => new Database(SqlDialect.ForProvider(provider), connectionString)); // a factory, so the provider disposes it
        services.AddSingleton<DataProtectionKeyRepository>();
        services.AddTokenProtection(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public IServiceProvider Services => _services;

    public DxNetTokenProtector Protector => _services.GetRequiredService<DxNetTokenProtector>();

    /// <summary>Runs what the Silo runs at start for the key ring (the import of a key ring folder).</summary>
    public async Task StartAsync()
    {
        foreach (var service in _services.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
