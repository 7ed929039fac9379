using System.Net;
using Maimai.Silo.Storage;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Maimai.Silo.Cluster;

/// <summary>
/// Makes the host an Orleans silo on the configured database: on SQLite (the embedded default) a silo alone on
/// loopback (localhost clustering); on PostgreSQL ADO.NET clustering, so any number of silos on one database form
/// a cluster. Grain state and reminders live in the same database either way, in the Orleans tables our
/// migrations create (Storage/Migrations/*/0004_orleans.sql), through the process's one data source.
/// </summary>
public static class ClusterHosting
{
    /// <summary>The grain storage name: <c>[PersistentState("…", ClusterHosting.GrainStorage)]</c>.</summary>
    public const string GrainStorage = "maimai";

    /// <summary>
    /// Adds the silo. The provider comes from Storage:Provider (an unknown one throws <see cref="StorageStartupException"/>);
    /// the rest from section "Cluster" (<see cref="ClusterSettings"/>; Cluster:Membership binds Orleans'
    /// ClusterMembershipOptions, e.g. how fast a dead silo is declared dead; Cluster:GrainCollection binds its
    /// GrainCollectionOptions, e.g. how long an idle activation stays).
    /// </summary>
    public static IHostApplicationBuilder AddCluster(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var settings = configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        var provider = SqlDialect.ForProvider(StorageStartup.ReadOptions(configuration).Provider).Provider;
        if (!IPAddress.TryParse(settings.AdvertisedAddress, out var address))
        {
            throw new InvalidOperationException($"Cluster:AdvertisedAddress '{settings.AdvertisedAddress}' is not an IP address.");
        }

        // The data source is Orleans' too; "System.Data.SQLite" is Orleans' name for Microsoft.Data.Sqlite.
        var invariant = provider == StorageProvider.Postgres ? "Npgsql" : "System.Data.SQLite";
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });

            // The Orleans dashboard's grains and profiler; its pages are mapped for admins only (AdminHosting.MapAdmin).
            silo.AddDashboard();

            // No gateway (port 0): the API and pages run in the silo's own process, so no external client connects.
            if (provider == StorageProvider.Sqlite)
            {
                silo.UseLocalhostClustering(settings.SiloPort, gatewayPort: 0, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
            }
            else
            {
                silo.ConfigureEndpoints(address, settings.SiloPort, gatewayPort: 0);
                silo.UseAdoNetClustering(o => o.Configure<Database>((options, database) =>
                {
                    options.Invariant = invariant;
                    options.DataSource = database.DataSource;
                }));
            }

            silo.Configure<ClusterMembershipOptions>(configuration.GetSection(ClusterSettings.SectionName + ":Membership"));
            silo.Configure<GrainCollectionOptions>(configuration.GetSection(ClusterSettings.SectionName + ":GrainCollection"));
            silo.AddActivityPropagation(); // grain calls become trace spans (Telemetry)
            silo.AddIncomingGrainCallFilter<StorageFailureCallFilter>();
            silo.AddAdoNetGrainStorage(GrainStorage, o => o.Configure<Database>((options, database) =>
            {
                options.Invariant = invariant;
                options.DataSource = database.DataSource;
            }));
            silo.UseAdoNetReminderService(o => o.Configure<Database>((options, database) =>
            {
                options.Invariant = invariant;
                options.DataSource = database.DataSource;
            }));
            configure?.Invoke(silo);
        });
        return builder;
    }
}
