using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Maimai.Silo.Time;

namespace Maimai.Silo.Plugins;

/// <summary>Registers the scraper plugins: <see cref="IScraperRegistry"/>, loaded from Plugins:Path and kept up to date while the service runs.</summary>
public static class PluginServiceCollectionExtensions
{
    public static IServiceCollection AddScraperPlugins(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The container disposes the registry at shutdown: the watcher stops and the builds unload.
        services.AddSingleton<IScraperRegistry>(sp =>
        {
            var options = configuration.GetSection(PluginOptions.Section).Get<PluginOptions>() ?? new PluginOptions();
            var time = sp.GetKeyedService<TimeProvider>(ServiceClock.Key) ?? TimeProvider.System;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Maimai.Silo.Plugins");
            return ScraperRegistry.Load(options, configuration, time, logger);
        });
        return services;
    }
}
