using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Maimai.Silo.Storage.Keys;

namespace Maimai.Silo.Accounts;

/// <summary>Registers Data Protection over the database key ring, and the token protector on top of it.</summary>
public static class TokenProtectionServices
{
    /// <summary>Every silo must use this name too: Data Protection isolates applications by it.</summary>
    public const string ApplicationName = "maimai-score-tracker";

    /// <summary>
    /// Adds Data Protection with its key ring in the database (needs AddStorage and the service clock) and
    /// <see cref="DxNetTokenProtector"/>; binds <see cref="KeyRingOptions"/> to "DataProtection". A key ring folder from
    /// before ("DataProtection:KeysPath") is imported into the database at start.
    /// </summary>
    public static IServiceCollection AddTokenProtection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KeyRingOptions>()
            .Bind(configuration.GetSection(KeyRingOptions.SectionName))
            .Validate(o => o.KeyLifetime >= TimeSpan.FromDays(7), "DataProtection:KeyLifetime must be at least 7 days (Data Protection's minimum).")
            .ValidateOnStart();
        // Before AddDataProtection: hosted services start in order, and Data Protection's own loads the ring at start
        // (making a first key when there is none), which must see the imported keys.
        services.AddHostedService<FileKeyRingImport>();
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataProtectionKeyRepository, IOptions<KeyRingOptions>>((o, keys, ring) =>
            {
                o.XmlRepository = new DatabaseKeyRing(keys, TimeProvider.System);
                o.NewKeyLifetime = ring.Value.KeyLifetime;
            });
        services.TryAddSingleton<DxNetTokenProtector>();
        return services;
    }
}
