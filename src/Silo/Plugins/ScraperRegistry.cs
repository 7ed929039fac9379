using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Plugins.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Plugins;

/// <summary>
/// The scraper plugins under the plugins folder: each subfolder is one plugin build output, loaded into its own
/// load context. A folder that is missing or broken is logged and skipped; the host starts with the rest. With hot
/// reload on, a folder whose files changed and then held still for <see cref="PluginOptions.ReloadDelay"/> is
/// loaded again into a new context and checked like at start-up; only a working build replaces the one serving.
/// </summary>
public sealed class ScraperRegistry : IScraperRegistry, IDisposable
{
    private readonly string _path;
    private readonly IConfiguration _configuration;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _reload = new(); // one look at the folders at a time; guards everything below it
    private readonly SortedDictionary<string, PluginFolder> _folders = new(StringComparer.Ordinal);
    private readonly PluginFolderWatcher? _watcher;
    private string? _pathProblem;
    private bool _disposed;
    private volatile View _view = View.Empty; // what readers see; replaced whole, never changed

    private ScraperRegistry(PluginOptions options, IConfiguration configuration, TimeProvider timeProvider, ILogger logger)
    {
        _path = options.FullPath;
        _configuration = configuration;
        _timeProvider = timeProvider;
        _logger = logger;
        if (options.HotReload)
        {
            // Watching starts before the first load, so a change made while it runs is seen.
            _watcher = new PluginFolderWatcher(_path, options.ReloadDelay, options.PollInterval, () => Look(atStart: false), logger);
        }

        try
        {
            Look(atStart: true);
        }
        catch
        {
            _watcher?.Dispose();
            throw;
        }

        foreach (var region in UnavailableRegions)
        {
            var name = region.ToName();
            PluginLog.RegionUnavailable(logger, name, _path);
        }
    }

    /// <summary>Loads every plugin folder under <see cref="PluginOptions.Path"/>; each scraper reads its options from "Plugins:&lt;Region&gt;" of <paramref name="configuration"/>.</summary>
    public static ScraperRegistry Load(PluginOptions options, IConfiguration configuration, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        return new ScraperRegistry(options, configuration, timeProvider, logger);
    }

    public IReadOnlyCollection<Region> AvailableRegions => _view.Available;

    public IReadOnlyCollection<Region> UnavailableRegions => _view.Unavailable;

    public IReadOnlyList<PluginProblem> Problems => _view.Problems;

    public bool IsAvailable(Region region) => _view.Scrapers.ContainsKey(region);

    public IReadOnlyList<ServingPlugin> Serving =>
        [.. _view.Scrapers.OrderBy(s => s.Key).Select(s => new ServingPlugin(s.Key, s.Value.Build.Assembly, s.Value.Build.Version, s.Value.Build.Folder, s.Value.Build.LoadedAt))];

    public ScraperLease? Acquire(Region region)
    {
        while (true)
        {
            if (!_view.Scrapers.TryGetValue(region, out var entry))
            {
                return null;
            }

            if (entry.Build.TryAddLease())
            {
                return new ScraperLease(region, entry.Scraper, entry.Build);
            }

            // That build was retired and unloaded since we read it, so a newer view is already published: read again.
        }
    }

    /// <summary>Stops watching and retires every build; each unloads once its last running fetch ends.</summary>
    public void Dispose()
    {
        _watcher?.Dispose();
        lock (_reload)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _view = View.Empty;
            foreach (var folder in _folders.Values)
            {
                folder.Build?.Retire();
            }

            _folders.Clear();
        }
    }

    /// <summary>
    /// Compares every plugin folder with what was last loaded from it and loads the changed ones. After start, a
    /// changed folder is loaded only once it looks the same twice in a row (the watcher calls again after the
    /// delay), so a copy under way is not loaded half done. True while some folder is still changing.
    /// </summary>
    private bool Look(bool atStart)
    {
        lock (_reload)
        {
            if (_disposed)
            {
                return false;
            }

            if (!Directory.Exists(_path))
            {
                // Already loaded builds keep serving; there is nothing new to load.
                _pathProblem = "the plugins folder does not exist (set Plugins:Path, or build the Silo so it copies the plugins there)";
                if (atStart)
                {
                    PluginLog.Failed(_logger, _path, _pathProblem);
                }

                Publish();
                return false;
            }

            _pathProblem = null;
            var present = Directory.GetDirectories(_path).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _folders.Values.Where(f => !present.Contains(f.Path)).ToList())
            {
                Removed(gone);
            }

            var changing = false;
            foreach (var path in present.Order(StringComparer.Ordinal))
            {
                if (!_folders.TryGetValue(path, out var folder))
                {
                    _folders[path] = folder = new PluginFolder(path);
                }

                var files = FolderFingerprint.Of(path);
                if (files == folder.Loaded)
                {
                    folder.Seen = null;
                    continue;
                }

                if (!atStart && files != folder.Seen)
                {
                    folder.Seen = files;
                    changing = true;
                    continue;
                }

                folder.Seen = null;
                folder.Loaded = files;
                Load(folder, atStart);
            }

            Publish();
            return changing;
        }
    }

    private void Load(PluginFolder folder, bool atStart)
    {
        var reason = PluginFolderLoader.TryLoad(folder.Path, _configuration, _timeProvider,
            region => _folders.Values.Any(other => other != folder && other.Scrapers.ContainsKey(region)), _logger, out var loaded);
        if (loaded is null)
        {
            folder.Problem = new PluginProblem(folder.Path, reason!);
            if (folder.Build is null)
            {
                PluginLog.Failed(_logger, folder.Path, reason!);
            }
            else
            {
                PluginLog.ReloadRefused(_logger, folder.Path, reason!);
            }

            return;
        }

        var previous = folder.Build;
        var previousRegions = folder.Scrapers.Keys;
        folder.Build = loaded.Build;
        folder.Scrapers = loaded.Scrapers;
        folder.Problem = null;

        // Publish before retiring: Acquire relies on a retired build's successor being visible already.
        Publish();
        foreach (var region in loaded.Scrapers.Keys.Order())
        {
            var name = region.ToName();
            if (previousRegions.Contains(region))
            {
                PluginLog.Swapped(_logger, name, folder.Path, loaded.Build.Assembly, loaded.Build.Version);
            }
            else
            {
                PluginLog.Loaded(_logger, name, folder.Path, loaded.Build.Assembly);
            }
        }

        foreach (var region in previousRegions.Except(loaded.Scrapers.Keys).Order())
        {
            var name = region.ToName();
            PluginLog.RegionUnavailable(_logger, name, _path);
        }

        previous?.Retire();
    }

    /// <summary>A folder that disappeared: its build keeps serving (a failed replacement must not stop fetches).</summary>
    private void Removed(PluginFolder folder)
    {
        if (folder.Build is null)
        {
            _folders.Remove(folder.Path);
            return;
        }

        if (folder.Loaded is not null)
        {
            folder.Loaded = null;
            folder.Seen = null;
            folder.Problem = new PluginProblem(folder.Path, "the folder was removed; the build loaded from it keeps serving");
            PluginLog.FolderRemoved(_logger, folder.Path);
        }
    }

    private void Publish()
    {
        var scrapers = new Dictionary<Region, Entry>();
        var problems = new List<PluginProblem>();
        if (_pathProblem is not null)
        {
            problems.Add(new PluginProblem(_path, _pathProblem));
        }

        foreach (var folder in _folders.Values)
        {
            foreach (var (region, scraper) in folder.Scrapers)
            {
                scrapers[region] = new Entry(folder.Build!, scraper);
            }

            if (folder.Problem is not null)
            {
                problems.Add(folder.Problem);
            }
        }

        _view = new View(scrapers, problems);
    }

    private sealed record Entry(PluginBuild Build, IRegionScraper Scraper);

    /// <summary>One consistent view for readers.</summary>
    private sealed class View(IReadOnlyDictionary<Region, Entry> scrapers, IReadOnlyList<PluginProblem> problems)
    {
        public static readonly View Empty = new(new Dictionary<Region, Entry>(), []);

        public IReadOnlyDictionary<Region, Entry> Scrapers => scrapers;

        public IReadOnlyList<PluginProblem> Problems => problems;

        public IReadOnlyCollection<Region> Available { get; } = [.. scrapers.Keys.Order()];

        public IReadOnlyCollection<Region> Unavailable { get; } = [.. Enum.GetValues<Region>().Where(r => !scrapers.ContainsKey(r))];
    }
}
