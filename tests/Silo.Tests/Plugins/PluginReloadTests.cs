using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Plugins;
using Maimai.Testing.Scraping;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Maimai.Silo.Tests.Plugins;

/// <summary>
/// Hot reload on real files: the Reloadable test plugin (an Intl scraper, builds 1.0.0 and 2.0.0) is copied into a
/// temporary plugins folder, the registry watches it, and the tests replace files the way an operator's copy would.
/// Each step waits for the registry's own log event (swapped, refused, loaded, unloaded), never for time to pass.
/// </summary>
public sealed class PluginReloadTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const string Dll = "Maimai.TestPlugins.Reloadable.dll";

    private readonly DirectoryInfo _root = Plugins.TempFolder();
    private readonly RecordingLogger _logger = new();

    private string PluginFolder => Path.Combine(_root.FullName, "Reloadable");

    public void Dispose()
    {
        foreach (var line in _logger.Lines)
        {
            output.WriteLine($"{line.Level} {line.EventId.Name}: {line.Message}");
        }

        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task Replacing_a_plugins_files_swaps_in_the_new_build_for_the_next_lease()
    {
        Plugins.CopyFolder(Plugins.ReloadableV1, PluginFolder);
        using var registry = Plugins.Watch(_root.FullName, _logger);
        AssemblyLoadContext? before;
        using (var lease = registry.Acquire(Region.Intl))
        {
            Assert.Equal(new Version(1, 0, 0, 0), BuildOf(lease));
            before = ContextOf(lease);
        }

        var swapped = _logger.NextAsync(Plugins.Swapped, IsBuild2);
        Plugins.CopyFolder(Plugins.ReloadableV2, PluginFolder);
        var line = await swapped.WaitAsync(Timeout);

        Assert.Contains("region intl swapped to the new build in " + PluginFolder, line.Message, StringComparison.Ordinal);
        using var next = registry.Acquire(Region.Intl);
        Assert.Equal(new Version(2, 0, 0, 0), BuildOf(next));
        Assert.NotSame(before, ContextOf(next));
        Assert.Equal("{\"build\":\"2.0.0.0\",\"json\":\"13.0.0.0\"}", await ScrapeAsync(next, progress: null).WaitAsync(Timeout));
        Assert.Empty(registry.Problems);
    }

    [Fact]
    public async Task A_fetch_running_on_the_old_build_finishes_on_it_and_the_old_context_unloads_only_when_its_lease_ends()
    {
        Plugins.CopyFolder(Plugins.ReloadableV1, PluginFolder);
        using var registry = Plugins.Watch(_root.FullName, _logger);
        var lease = registry.Acquire(Region.Intl)!;
        var old = WeakContextOf(lease);
        using var hold = new HeldProgress();
        var running = ScrapeAsync(lease, hold);
        await hold.Reached.WaitAsync(Timeout); // the scrape is inside the old build now, paused

        var swapped = _logger.NextAsync(Plugins.Swapped, IsBuild2);
        Plugins.CopyFolder(Plugins.ReloadableV2, PluginFolder);
        await swapped.WaitAsync(Timeout);
        using (var next = registry.Acquire(Region.Intl))
        {
            Assert.Equal(new Version(2, 0, 0, 0), BuildOf(next));
        }

        // The old build finishes the scrape, loading the Newtonsoft.Json it first needs only now: its context is alive.
        Assert.False(HasLoaded(old, "Newtonsoft.Json"));
        hold.Release();
        Assert.Equal("{\"build\":\"1.0.0.0\",\"json\":\"13.0.0.0\"}", await running.WaitAsync(Timeout));
        Assert.True(HasLoaded(old, "Newtonsoft.Json"));

        // Still leased: not unloaded, whatever the collector does.
        Collect(old);
        Assert.True(old.IsAlive, "the old build's context was collected while a lease still held it");

        lease.Dispose();
        Assert.Contains(_logger.Lines, l => l.EventId.Id == Plugins.Unloaded
            && l.Message.Contains("(Maimai.TestPlugins.Reloadable 1.0.0.0) unloaded", StringComparison.Ordinal));
        Collect(old);
        Assert.False(old.IsAlive, "the old build's context is still alive after its last lease ended");
        Assert.Throws<ObjectDisposedException>(() => lease.Scraper);
    }

    public static TheoryData<string> Breakages => ["garbage dll", "missing dependency", "factory throws"];

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task A_broken_replacement_is_refused_with_its_reason_the_old_build_keeps_serving_and_a_good_one_is_then_taken(string breakage)
    {
        Plugins.CopyFolder(Plugins.ReloadableV1, PluginFolder);
        var configuration = Plugins.Configuration(null);
        using var registry = Plugins.Watch(_root.FullName, _logger, configuration);

        var expected = ExpectedReason(breakage);
        var refused = _logger.NextAsync(Plugins.ReloadRefused, l => l.Message.Contains(expected, StringComparison.Ordinal));
        Break(breakage, configuration);
        var line = await refused.WaitAsync(Timeout);

        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains(PluginFolder, line.Message, StringComparison.Ordinal);
        Assert.Contains("the previous build keeps serving", line.Message, StringComparison.Ordinal);
        Assert.Contains(expected, line.Message, StringComparison.Ordinal);
        var problem = Assert.Single(registry.Problems);
        Assert.Equal(PluginFolder, problem.Folder);
        Assert.Contains(expected, problem.Reason, StringComparison.Ordinal);
        Assert.True(registry.IsAvailable(Region.Intl));
        using (var lease = registry.Acquire(Region.Intl))
        {
            Assert.Equal(new Version(1, 0, 0, 0), BuildOf(lease));
            Assert.Equal("{\"build\":\"1.0.0.0\",\"json\":\"13.0.0.0\"}", await ScrapeAsync(lease, progress: null).WaitAsync(Timeout));
        }

        configuration["Plugins:Intl:Timeout"] = "00:00:30";
        var swapped = _logger.NextAsync(Plugins.Swapped, IsBuild2);
        Plugins.CopyFolder(Plugins.ReloadableV2, PluginFolder);
        await swapped.WaitAsync(Timeout);

        using var next = registry.Acquire(Region.Intl);
        Assert.Equal(new Version(2, 0, 0, 0), BuildOf(next));
        Assert.Empty(registry.Problems);
    }

    [Fact]
    public async Task A_plugin_folder_added_after_start_becomes_available()
    {
        using var registry = Plugins.Watch(_root.FullName, _logger);
        Assert.False(registry.IsAvailable(Region.Intl));
        Assert.Null(registry.Acquire(Region.Intl));

        var loaded = _logger.NextAsync(Plugins.Loaded);
        Plugins.CopyFolder(Plugins.ReloadableV1, PluginFolder);
        var line = await loaded.WaitAsync(Timeout);

        Assert.Contains("region intl loaded from " + PluginFolder, line.Message, StringComparison.Ordinal);
        Assert.True(registry.IsAvailable(Region.Intl));
        Assert.Equal([Region.Intl], registry.AvailableRegions);
        Assert.Equal([Region.Jp], registry.UnavailableRegions);
        using var lease = registry.Acquire(Region.Intl);
        Assert.Equal(new Version(1, 0, 0, 0), BuildOf(lease));
        Assert.Empty(registry.Problems);
    }

    [Fact]
    public async Task A_plugins_folder_created_after_start_is_found_by_the_periodic_look()
    {
        // A folder that does not exist cannot be watched: only the periodic look can find it.
        var later = Path.Combine(_root.FullName, "later");
        using var registry = Plugins.Watch(later, _logger, pollInterval: TimeSpan.FromMilliseconds(100));
        Assert.Contains("does not exist", Assert.Single(registry.Problems).Reason, StringComparison.Ordinal);

        var loaded = _logger.NextAsync(Plugins.Loaded);
        Plugins.CopyFolder(Plugins.ReloadableV1, Path.Combine(later, "Reloadable"));
        await loaded.WaitAsync(Timeout);

        Assert.True(registry.IsAvailable(Region.Intl));
        Assert.Empty(registry.Problems);
    }

    private static bool IsBuild2(LogLine line) => line.Message.Contains("(Maimai.TestPlugins.Reloadable 2.0.0.0)", StringComparison.Ordinal);

    /// <summary>What the refusal must say.</summary>
    private static string ExpectedReason(string breakage) => breakage switch
    {
        "garbage dll" => Dll + " could not be loaded as a .NET assembly",
        "missing dependency" => "Maimai.TestPlugins.Reloadable.deps.json names Newtonsoft.Json.dll, which is not in the folder",
        _ => "Maimai.TestPlugins.Reloadable.ReloadableScraperFactory failed to start: ArgumentOutOfRangeException",
    };

    /// <summary>Breaks the plugin folder in place.</summary>
    private void Break(string breakage, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        switch (breakage)
        {
            case "garbage dll":
                File.WriteAllText(Path.Combine(PluginFolder, Dll), "this is not a .NET assembly");
                break;

            case "missing dependency":
                // Build 2.0.0 without the Newtonsoft.Json.dll its .deps.json names.
                File.Delete(Path.Combine(PluginFolder, "Newtonsoft.Json.dll"));
                File.Copy(Path.Combine(Plugins.ReloadableV2, Dll), Path.Combine(PluginFolder, Dll), overwrite: true);
                File.Copy(Path.Combine(Plugins.ReloadableV2, "Maimai.TestPlugins.Reloadable.deps.json"),
                    Path.Combine(PluginFolder, "Maimai.TestPlugins.Reloadable.deps.json"), overwrite: true);
                break;

            default:
                // A good build whose factory refuses the configuration it is given now.
                configuration["Plugins:Intl:Timeout"] = "00:00:00";
                Plugins.CopyFolder(Plugins.ReloadableV2, PluginFolder);
                break;
        }
    }

    private static Version? BuildOf(ScraperLease? lease)
    {
        Assert.NotNull(lease);
        return lease.Scraper.GetType().Assembly.GetName().Version;
    }

    private static AssemblyLoadContext? ContextOf(ScraperLease? lease) =>
        AssemblyLoadContext.GetLoadContext(Assert.IsAssignableFrom<IRegionScraper>(lease?.Scraper).GetType().Assembly);

    // The helpers below never leave a plugin object in the test's own locals, which would keep its context alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakContextOf(ScraperLease lease) => new(ContextOf(lease));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool HasLoaded(WeakReference context, string assembly) =>
        ((AssemblyLoadContext)context.Target!).Assemblies.Any(a => a.GetName().Name == assembly);

    /// <summary>Unloading completes over a few collections (the runtime's documented way to wait for it).</summary>
    private static void Collect(WeakReference context)
    {
        for (var i = 0; i < 10 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    /// <summary>
    /// The scrape's answer: the test plugin reports its build and Newtonsoft.Json version as a site error. Takes the
    /// lease, not the scraper, so the finished task keeps no plugin object.
    /// </summary>
    private static async Task<string> ScrapeAsync(ScraperLease? lease, IProgress<ScrapeProgress>? progress)
    {
        Assert.NotNull(lease);
        var result = await lease.Scraper.ScrapeAsync(ScrapeInputs.First(new MaimaiToken(MaimaiTokenKind.UserId, "1")), progress, CancellationToken.None);

        // Resume the caller on a fresh stack: run inline under this frame, whose slots still hold the plugin's task,
        // it would keep the plugin's context alive through the collections that follow (seen with dotnet-dump gcroot).
        await Task.Yield();
        return Assert.IsType<SiteErrorFailure>(result.Failure).Text;
    }

    /// <summary>Holds a scrape at its first progress report until released.</summary>
    private sealed class HeldProgress : IProgress<ScrapeProgress>, IDisposable
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _released = new();

        public Task Reached => _reached.Task;

        public void Report(ScrapeProgress value)
        {
            _reached.TrySetResult();
            if (!_released.Wait(Timeout))
            {
                throw new TimeoutException("the test never released the scrape");
            }
        }

        public void Release() => _released.Set();

        public void Dispose() => _released.Dispose();
    }
}
