using Maimai.Silo.Cluster;
using Maimai.Silo.Storage;
using Maimai.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Tests.Cluster;

/// <summary>A bare silo on a test database: storage and the cluster (<see cref="ClusterHosting.AddCluster"/>), nothing else, on a free silo port.</summary>
internal static class ClusterTestHost
{
    public static async Task<IHost> StartAsync(Database database, string clusterId = "test")
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = database.Dialect.Provider.ToString(),
            ["Storage:ConnectionString"] = database.ConnectionString,
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddStorage(builder.Configuration);
        builder.AddCluster();
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return host;
    }

    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        host.Dispose();
    }
}
