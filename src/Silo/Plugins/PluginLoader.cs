using System.Reflection;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Plugins;

/// <summary>
/// Loads every plugin under the plugins folder: each subfolder is one plugin build output, whose entry assembly
/// is named by its *.deps.json. A folder that is missing, holds no .NET assembly or exports no
/// <see cref="IRegionScraperFactory"/> is logged and skipped; the host starts with the rest.
/// </summary>
public static class PluginLoader
{
    /// <summary>Loads every plugin folder under <paramref name="pluginsPath"/>; each scraper reads its options from "Plugins:&lt;Region&gt;" of <paramref name="configuration"/>.</summary>
    public static IScraperRegistry Load(string pluginsPath, IConfiguration configuration, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(pluginsPath);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        var scrapers = new Dictionary<Region, IRegionScraper>();
        var problems = new List<PluginProblem>();
        if (!Directory.Exists(pluginsPath))
        {
            Fail(problems, logger, pluginsPath, "the plugins folder does not exist (set Plugins:Path, or build the Silo so it copies the plugins there)");
        }
        else
        {
            foreach (var folder in Directory.GetDirectories(pluginsPath).Order(StringComparer.Ordinal))
            {
                var reason = TryLoad(folder, configuration, timeProvider, scrapers, out var loaded);
                if (reason is not null)
                {
                    Fail(problems, logger, folder, reason);
                    continue;
                }

                foreach (var (region, assembly) in loaded)
                {
                    var name = region.ToName();
                    PluginLog.Loaded(logger, name, folder, assembly);
                }
            }
        }

        var registry = new ScraperRegistry(scrapers, problems);
        foreach (var region in registry.UnavailableRegions)
        {
            PluginLog.RegionUnavailable(logger, region.ToName(), pluginsPath);
        }

        return registry;
    }

    private static string? TryLoad(
        string folder,
        IConfiguration configuration,
        TimeProvider timeProvider,
        Dictionary<Region, IRegionScraper> scrapers,
        out List<(Region Region, string Assembly)> loaded)
    {
        loaded = [];
        var deps = Directory.GetFiles(folder, "*.deps.json");
        if (deps.Length != 1)
        {
            return deps.Length == 0
                ? "no *.deps.json: not a plugin build output (build the plugin project with EnableDynamicLoading)"
                : "more than one *.deps.json: one plugin per folder";
        }

        var main = Path.Combine(folder, Path.GetFileName(deps[0])[..^".deps.json".Length] + ".dll");
        if (!File.Exists(main))
        {
            return $"{Path.GetFileName(main)} is missing beside {Path.GetFileName(deps[0])}";
        }

        Type[] types;
        try
        {
            var context = new PluginLoadContext(main);
            types = context.LoadFromAssemblyPath(main).GetExportedTypes();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException
            or InvalidOperationException or ArgumentException)
        {
            return $"{Path.GetFileName(main)} could not be loaded as a .NET assembly: {e.Message}";
        }

        var factories = types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRegionScraperFactory).IsAssignableFrom(t)).ToList();
        if (factories.Count == 0)
        {
            return types.Any(t => t.GetInterfaces().Any(i => i.FullName == typeof(IRegionScraperFactory).FullName))
                ? $"{Path.GetFileName(main)} implements IRegionScraperFactory from its own copy of Maimai.Scraping, not the host's "
                    + "(reference Maimai.Scraping with Private=false and ExcludeAssets=runtime, and do not ship Maimai.Scraping.dll)"
                : $"{Path.GetFileName(main)} exports no public class implementing {typeof(IRegionScraperFactory).FullName}";
        }

        foreach (var type in factories)
        {
            try
            {
                if (type.GetConstructor(Type.EmptyTypes) is null)
                {
                    return $"{type.FullName} has no public parameterless constructor";
                }

                var factory = (IRegionScraperFactory)Activator.CreateInstance(type)!;
                var region = factory.Region;
                if (!Enum.IsDefined(region) || scrapers.ContainsKey(region))
                {
                    return Enum.IsDefined(region)
                        ? $"{type.FullName} is a second plugin for region {region.ToName()}; the first one loaded is kept"
                        : $"{type.FullName} names an unknown region ({(int)region})";
                }

                var options = configuration.GetSection($"{PluginOptions.Section}:{region}").Get<ScraperOptions>() ?? new ScraperOptions();
                var scraper = factory.Create(options, timeProvider);
                if (scraper.Region != region)
                {
                    return $"{type.FullName} says region {region.ToName()} but created a scraper for {scraper.Region.ToName()}";
                }

                scrapers[region] = scraper;
                loaded.Add((region, type.Assembly.GetName().Name ?? type.Assembly.FullName ?? "?"));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A plugin's own bug or bad configuration must not stop the host.
                return $"{type.FullName} failed to start: {e.GetType().Name}: {e.Message}";
            }
        }

        return null;
    }

    private static void Fail(List<PluginProblem> problems, ILogger logger, string folder, string reason)
    {
        problems.Add(new PluginProblem(folder, reason));
        PluginLog.Failed(logger, folder, reason);
    }
}
