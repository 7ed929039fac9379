using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using McMaster.NETCore.Plugins.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Plugins.Internal;

/// <summary>A plugin folder loaded and checked: its build and the scrapers it made, by region.</summary>
internal sealed record LoadedPlugin(PluginBuild Build, IReadOnlyDictionary<Region, IRegionScraper> Scrapers);

/// <summary>
/// Loads one plugin folder into a new load context and checks it, the same way at start-up and on every reload:
/// a build output (one *.deps.json beside its .dll) exporting public <see cref="IRegionScraperFactory"/>
/// implementations of the host's interface, each creating a scraper for a region no other folder serves. Anything
/// short of that comes back as a reason in words, and the new context is unloaded again.
/// </summary>
internal static class PluginFolderLoader
{
    /// <summary>The contract assemblies; McMaster shares what they reference too (AngleSharp, through Scraping).</summary>
    private static readonly AssemblyName[] SharedAssemblies =
        [typeof(Region).Assembly.GetName(), typeof(IRegionScraperFactory).Assembly.GetName()];

    public static string? TryLoad(string folder, IConfiguration configuration, TimeProvider timeProvider, Func<Region, bool> servedElsewhere,
        ILogger logger, out LoadedPlugin? loaded)
    {
        loaded = null;
        string[] deps;
        try
        {
            deps = Directory.GetFiles(folder, "*.deps.json");
        }
        catch (IOException e)
        {
            return $"the folder could not be read: {e.Message}";
        }

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

        try
        {
            if (DepsFile.FirstMissingAssembly(deps[0], folder) is { } missing)
            {
                return $"{Path.GetFileName(deps[0])} names {missing}, which is not in the folder";
            }
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return $"{Path.GetFileName(deps[0])} could not be read: {e.Message}";
        }

        AssemblyLoadContext context;
        try
        {
            context = CreateContext(main);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            // The runtime's resolver reads the .deps.json here.
            return $"{Path.GetFileName(deps[0])} does not match the folder: {e.Message}";
        }

        var reason = TryCreateScrapers(context, main, configuration, timeProvider, servedElsewhere, out var entry, out var scrapers);
        if (reason is not null)
        {
            context.Unload();
            return reason;
        }

        loaded = new LoadedPlugin(new PluginBuild(folder, entry!, context, logger) { LoadedAt = timeProvider.GetUtcNow() }, scrapers);
        return null;
    }

    /// <summary>
    /// The plugin's own context, built by McMaster.NETCore.Plugins: Core and Scraping (and what they reference) come
    /// from the host, so the plugin's types implement the host's interfaces; everything else the plugin ships (its
    /// own package versions included) is resolved from its folder through its .deps.json. Collectible, so a replaced
    /// build can be unloaded. Assemblies are read into memory and native libraries shadow-copied, so the plugin's
    /// files are never held open or mapped: overwriting a mapped file in place would change code that is running.
    /// Not McMaster's PluginLoader with EnableHotReload: on a change it unloads the old context at once (a running
    /// fetch could load nothing more from it) and swaps in the new files unchecked (a broken build would replace a
    /// working one). The registry decides instead when to swap and when to unload.
    /// </summary>
    private static AssemblyLoadContext CreateContext(string main)
    {
        var builder = new AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(main)
            .SetDefaultContext(AssemblyLoadContext.GetLoadContext(typeof(IRegionScraperFactory).Assembly) ?? AssemblyLoadContext.Default)
            .EnableUnloading()
            .PreloadAssembliesIntoMemory()
            .ShadowCopyNativeLibraries();
        foreach (var shared in SharedAssemblies)
        {
            builder.PreferDefaultLoadContextAssembly(shared);
        }

        return builder.Build();
    }

    private static string? TryCreateScrapers(AssemblyLoadContext context, string main, IConfiguration configuration, TimeProvider timeProvider,
        Func<Region, bool> servedElsewhere, out AssemblyName? entry, out Dictionary<Region, IRegionScraper> scrapers)
    {
        entry = null;
        scrapers = [];
        Type[] types;
        try
        {
            var assembly = context.LoadFromAssemblyName(new AssemblyName(Path.GetFileNameWithoutExtension(main)));
            entry = assembly.GetName();
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or TypeLoadException or ReflectionTypeLoadException
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
                if (!Enum.IsDefined(region))
                {
                    return $"{type.FullName} names an unknown region ({(int)region})";
                }

                if (scrapers.ContainsKey(region) || servedElsewhere(region))
                {
                    return $"{type.FullName} is a second plugin for region {region.ToName()}; the first one loaded is kept";
                }

                var options = PluginOptions.ScraperOptionsFor(configuration, region);
                var scraper = factory.Create(options, timeProvider);
                if (scraper.Region != region)
                {
                    return $"{type.FullName} says region {region.ToName()} but created a scraper for {scraper.Region.ToName()}";
                }

                scrapers[region] = scraper;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A plugin's own bug or bad configuration must not stop the host or a reload.
                return $"{type.FullName} failed to start: {e.GetType().Name}: {e.Message}";
            }
        }

        return null;
    }
}
