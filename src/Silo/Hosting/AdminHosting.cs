using Maimai.Admin;
using Maimai.Core.Accounts;
using Maimai.Core.Cluster;
using Maimai.Core.Fetching;
using Maimai.Silo.Cluster;
using Maimai.Silo.Fetching;
using Maimai.Silo.Accounts;
using Maimai.Silo.Time;
using Orleans.Dashboard;
using Maimai.Core.Songs;
using Maimai.Silo.Site;
using Maimai.Silo.Songs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maimai.Silo.Hosting;

/// <summary>The admin site (src/Admin) with what its pages call, over the site's session cookie.</summary>
public static class AdminHosting
{
    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSongCache(configuration);
        services.TryAddSingleton<ISongEditor, SongEditor>();
        services.AddOptions<SongImportOptions>().Bind(configuration.GetSection(SongCacheOptions.SectionName));
        services.TryAddSingleton<ISongImports, SongImportJobs>();
        services.AddServiceClock();
        services.TryAddSingleton<IUserAdmin, UserAdmin>();
        services.TryAddSingleton<IDiscoveredCharts, DiscoveredCharts>();
        services.TryAddSingleton<IFetchAdmin, FetchAdmin>();
        services.TryAddSingleton<IPluginAdmin, PluginAdmin>();
        services.TryAddSingleton<ISiloDirectory, SiloDirectory>();
        return services.AddAdminSite(WebLoginSchemes.Cookie);
    }

    /// <summary>Where the Orleans dashboard is, for admins only.</summary>
    public const string ClusterPath = "/admin/cluster";

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.MapAdminSite();
        app.MapOrleansDashboard(ClusterPath).RequireAuthorization(AdminSite.Policy);
        return app;
    }
}
