using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Time;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maimai.Silo.Songs;

/// <summary>Registers the node's one <see cref="SongCache"/>; both the API and fetching add it, whichever comes first.</summary>
public static class SongServices
{
    public static IServiceCollection AddSongCache(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(SongCache)))
        {
            return services;
        }

        services.AddOptions<SongCacheOptions>()
            .Bind(configuration.GetSection(SongCacheOptions.SectionName))
            .Validate(o => o.RefreshInterval > TimeSpan.Zero && o.RevisionCheckInterval >= TimeSpan.Zero,
                "Songs:RefreshInterval must be positive and Songs:RevisionCheckInterval not negative.")
            .ValidateOnStart();
        services.AddServiceClock();
        services.TryAddSingleton<SongRepository>();
        services.TryAddSingleton<SongCache>();
        return services;
    }
}
