using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Keys;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Storage.Sharing;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Storage.Users;

namespace Maimai.Silo.Storage;

/// <summary>Registers the database and the repositories (all singletons: they hold no state but the database).</summary>
public static class StorageServices
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = StorageStartup.ReadOptions(configuration);
        services.AddSingleton(options);
        services.AddSingleton(_ => StorageStartup.CreateDatabase(options));
        services.AddSingleton<ScoreRepository>();
        services.AddSingleton<SnapshotRepository>();
        services.AddSingleton<FetchRepository>();
        services.AddSingleton<ParseWarningRepository>();
        services.AddSingleton<DetailQueueRepository>();
        services.AddSingleton<RecentPlayRepository>();
        services.AddSingleton<UserRepository>();
        services.AddSingleton<UserAdminRepository>();
        services.AddSingleton<WebSessionRepository>();
        services.AddSingleton<ApiTokenRepository>();
        services.AddSingleton<DxNetTokenRepository>();
        services.AddSingleton<DataProtectionKeyRepository>();
        services.AddSingleton<SongRepository>();
        services.AddSingleton<SongEditRepository>();
        services.AddSingleton<ChartMergeRepository>();
        services.AddSingleton<SnapshotRemoval>();
        services.AddSingleton<UserDeletionRepository>();
        services.AddSingleton<AuditRepository>();
        services.AddSingleton<SharingRepository>();
        return services;
    }
}
