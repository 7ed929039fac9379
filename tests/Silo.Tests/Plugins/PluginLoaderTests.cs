using System.Reflection;
using System.Runtime.Loader;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Testing.Scraping;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace Maimai.Silo.Tests.Plugins;

public sealed class PluginLoaderTests
{
    [Fact]
    public void The_built_plugins_load_each_in_its_own_context_sharing_the_contract()
    {
        var logger = new RecordingLogger();

        using var registry = Plugins.Load(Plugins.BuiltFolder, logger);

        Assert.Empty(registry.Problems);
        Assert.Equal([Region.Intl, Region.Jp], registry.AvailableRegions);
        Assert.Empty(registry.UnavailableRegions);
        using var intlLease = registry.Acquire(Region.Intl);
        using var jpLease = registry.Acquire(Region.Jp);
        var intl = Assert.IsAssignableFrom<IRegionScraper>(intlLease?.Scraper);
        var jp = Assert.IsAssignableFrom<IRegionScraper>(jpLease?.Scraper);
        Assert.Equal(Region.Intl, intl.Region);
        Assert.Equal(Region.Jp, jp.Region);

        // The scrapers are the host's shared DxNetScraper; each plugin assembly (the region specifics) lives in its own
        // context, which resolves Maimai.Core and Maimai.Scraping from the host instead of loading copies.
        Assert.Same(typeof(IRegionScraper).Assembly, intl.GetType().Assembly);
        foreach (var name in new[] { "Maimai.Plugins.Intl", "Maimai.Plugins.Jp" })
        {
            var context = AssemblyLoadContext.All.Last(c => c.Name == name && c.Assemblies.Any());
            Assert.Contains(context.Assemblies, a => a.GetName().Name == name);
            Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name is "Maimai.Scraping" or "Maimai.Core");
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == name);
        }

        Assert.Equal(2, logger.Lines.Count(l => l.Level == LogLevel.Information && l.Message.Contains("loaded from", StringComparison.Ordinal)));
        Assert.Contains(logger.Lines, l => l.Message.Contains("region intl loaded from", StringComparison.Ordinal)
            && l.Message.Contains("(Maimai.Plugins.Intl)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plugin_keeps_its_own_version_of_a_library_the_host_also_uses()
    {
        var logger = new RecordingLogger();
        var hostJson = typeof(JsonConvert).Assembly; // 13.0.4, from the default context

        using var registry = Plugins.Load(Plugins.TestPluginsFolder, logger);

        using var lease = registry.Acquire(Region.Jp);
        Assert.True(lease is not null, string.Join("; ", registry.Problems));
        var scraper = lease.Scraper;
        var pluginJson = (Assembly)scraper.GetType().GetProperty("JsonAssembly", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        Assert.Equal(new Version(13, 0, 0, 0), hostJson.GetName().Version);
        Assert.Equal(new Version(12, 0, 0, 0), pluginJson.GetName().Version);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(hostJson));
        Assert.Same(AssemblyLoadContext.GetLoadContext(scraper.GetType().Assembly), AssemblyLoadContext.GetLoadContext(pluginJson));
        Assert.Empty(pluginJson.Location); // read from the plugin's folder into memory, so its files can be replaced
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Newtonsoft.Json").Select(a => a.GetName().Version).ToList();
        Assert.Contains(new Version(12, 0, 0, 0), loaded);
        Assert.Contains(new Version(13, 0, 0, 0), loaded);

        // And the plugin really runs on its copy.
        var result = await scraper.ScrapeAsync(ScrapeInputs.First(new MaimaiToken(MaimaiTokenKind.UserId, "1")), null, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("{\"version\":\"12.0.0.0\"}", Assert.IsType<SiteErrorFailure>(result.Failure).Text);
    }

    [Fact]
    public void A_missing_plugins_folder_leaves_every_region_unavailable_and_says_so()
    {
        var logger = new RecordingLogger();
        var missing = Path.Combine(AppContext.BaseDirectory, "no-such-plugins-folder");

        using var registry = Plugins.Load(missing, logger);

        Assert.Empty(registry.AvailableRegions);
        Assert.Equal([Region.Intl, Region.Jp], registry.UnavailableRegions);
        Assert.Contains("does not exist", Assert.Single(registry.Problems).Reason, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Error && l.Message.Contains(missing, StringComparison.Ordinal));
        Assert.Equal(2, logger.Lines.Count(l => l.Level == LogLevel.Warning && l.Message.StartsWith("No scraper plugin for region", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_bad_dll_is_skipped_and_the_other_plugins_still_load()
    {
        var folder = Plugins.TempFolder();
        try
        {
            Plugins.CopyFolder(Path.Combine(Plugins.BuiltFolder, "Intl"), Path.Combine(folder.FullName, "Intl"));
            var broken = Directory.CreateDirectory(Path.Combine(folder.FullName, "Jp"));
            File.Copy(Path.Combine(Plugins.BuiltFolder, "Jp", "Maimai.Plugins.Jp.deps.json"), Path.Combine(broken.FullName, "Maimai.Plugins.Jp.deps.json"));
            File.WriteAllText(Path.Combine(broken.FullName, "Maimai.Plugins.Jp.dll"), "this is not a .NET assembly");
            var logger = new RecordingLogger();

            using var registry = Plugins.Load(folder.FullName, logger);

            Assert.Equal([Region.Intl], registry.AvailableRegions);
            Assert.Equal([Region.Jp], registry.UnavailableRegions);
            var problem = Assert.Single(registry.Problems);
            Assert.Equal(broken.FullName, problem.Folder);
            Assert.Contains("could not be loaded as a .NET assembly", problem.Reason, StringComparison.Ordinal);
            Assert.Contains(logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("region jp", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_plugin_without_the_factory_interface_is_reported()
    {
        var logger = new RecordingLogger();

        using var registry = Plugins.Load(Plugins.TestPluginsFolder, logger);

        var problem = Assert.Single(registry.Problems);
        Assert.EndsWith("WrongInterface", problem.Folder, StringComparison.Ordinal);
        Assert.Contains("exports no public class implementing Maimai.Scraping.Contract.IRegionScraperFactory", problem.Reason, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("WrongInterface", StringComparison.Ordinal));
        Assert.Equal([Region.Intl], registry.UnavailableRegions);
    }

    [Fact]
    public void A_folder_that_is_not_a_build_output_is_reported()
    {
        var folder = Plugins.TempFolder();
        try
        {
            var stray = Directory.CreateDirectory(Path.Combine(folder.FullName, "Stray"));
            File.WriteAllText(Path.Combine(stray.FullName, "readme.txt"), "not a plugin");

            using var registry = Plugins.Load(folder.FullName, new RecordingLogger());

            Assert.Contains("no *.deps.json", Assert.Single(registry.Problems).Reason, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Plugin_options_come_from_the_region_section()
    {
        using var registry = Plugins.Load(Plugins.BuiltFolder, new RecordingLogger(), new Dictionary<string, string?>
        {
            ["Plugins:Jp:Timeout"] = "00:00:00",
        });

        // A zero timeout is refused by the scraper: the plugin fails to start and the host carries on without it.
        Assert.Equal([Region.Jp], registry.UnavailableRegions);
        Assert.Contains("Timeout", Assert.Single(registry.Problems).Reason, StringComparison.Ordinal);
    }
}
