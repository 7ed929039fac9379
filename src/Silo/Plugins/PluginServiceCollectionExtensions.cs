using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Maimai.Silo.Time;

namespace Maimai.Silo.Plugins;

/// <summary>Registers the scraper plugins: <see cref="IScraperRegistry"/>, loaded once from Plugins:Path.</summary>
public static class PluginServiceCollectionExtensions
{
    public static IServiceCollection AddScraperPlugins(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(sp =>
        {
            var options = configuration.GetSection(PluginOptions.Section).Get<PluginOptions>() ?? new PluginOptions();
            var time = sp.GetKeyedService<TimeProvider>(ServiceClock.Key) ?? TimeProvider.System;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Maimai.Silo.Plugins");
            return PluginLoader.Load(options.FullPath, configuration, time, logger);
        });
        return services;
    }
}
