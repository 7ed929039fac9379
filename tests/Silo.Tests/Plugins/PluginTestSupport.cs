using Maimai.Silo.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Tests.Plugins;

/// <summary>A clock fixed at noon in Japan, outside DX NET's maintenance window.</summary>
internal sealed class FixedClock : TimeProvider
{
    public static readonly DateTimeOffset NoonJst = new(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(9));

    public override DateTimeOffset GetUtcNow() => NoonJst;
}

/// <summary>One line the registry logged.</summary>
internal sealed record LogLine(LogLevel Level, EventId EventId, string Message);

/// <summary>Keeps every log line, so tests can assert what the registry said, and wait for what it will say.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<LogLine> _lines = [];
    private readonly List<(Func<LogLine, bool> Match, TaskCompletionSource<LogLine> Seen)> _waiting = [];

    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The next line logged from now on with this event id (and matching, if given); await it with a timeout.</summary>
    public Task<LogLine> NextAsync(int eventId, Func<LogLine, bool>? match = null)
    {
        var seen = new TaskCompletionSource<LogLine>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiting.Add((l => l.EventId.Id == eventId && (match is null || match(l)), seen));
        }

        return seen.Task;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = new LogLine(logLevel, eventId, formatter(state, exception));
        lock (_gate)
        {
            _lines.Add(line);
            foreach (var waiter in _waiting.Where(w => w.Match(line)).ToList())
            {
                _waiting.Remove(waiter);
                waiter.Seen.TrySetResult(line);
            }
        }
    }
}

/// <summary>Loads plugins the way the Silo does, from a folder, with configuration pointing them at simulators.</summary>
internal static class Plugins
{
    /// <summary>The registry's log events the tests wait for (Maimai.Silo.Plugins.Internal.PluginLog).</summary>
    public const int Loaded = 1100, Swapped = 1103, ReloadRefused = 1104, Unloaded = 1105;

    /// <summary>Where the build copied the real plugins (plugins/Intl, plugins/Jp), as beside the Silo executable.</summary>
    public static string BuiltFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Where the build copied the test plugins (VersionedJson, WrongInterface).</summary>
    public static string TestPluginsFolder => Path.Combine(AppContext.BaseDirectory, "test-plugins");

    /// <summary>Build 1.0.0 and build 2.0.0 of the Reloadable test plugin (an Intl scraper).</summary>
    public static string ReloadableV1 => Path.Combine(AppContext.BaseDirectory, "reload-plugins", "v1");

    public static string ReloadableV2 => Path.Combine(AppContext.BaseDirectory, "reload-plugins", "v2");

    /// <summary>Loads once, without watching for changes.</summary>
    public static ScraperRegistry Load(string folder, RecordingLogger logger, IDictionary<string, string?>? settings = null) =>
        Load(new PluginOptions { Path = folder, HotReload = false }, logger, Configuration(settings));

    /// <summary>Loads and watches: a change is picked up once the files hold still for 200 ms.</summary>
    public static ScraperRegistry Watch(string folder, RecordingLogger logger, IConfiguration? configuration = null, TimeSpan? pollInterval = null) =>
        Load(new PluginOptions
        {
            Path = folder,
            HotReload = true,
            ReloadDelay = TimeSpan.FromMilliseconds(200),
            PollInterval = pollInterval ?? TimeSpan.Zero,
        }, logger, configuration ?? Configuration(null));

    public static IConfigurationRoot Configuration(IDictionary<string, string?>? settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

    /// <summary>A fresh folder under the test output, deleted by the caller.</summary>
    public static DirectoryInfo TempFolder() =>
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "tmp-plugins", Guid.NewGuid().ToString("N")));

    /// <summary>
    /// Copies a build output into a plugin folder, replacing what is there, as an operator's cp would: in place, and
    /// stamped with the time of the copy (File.Copy alone keeps the source's write time).
    /// </summary>
    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var copy = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, copy, overwrite: true);
            File.SetLastWriteTimeUtc(copy, DateTime.UtcNow);
        }
    }

    private static ScraperRegistry Load(PluginOptions options, RecordingLogger logger, IConfiguration configuration) =>
        ScraperRegistry.Load(options, configuration, new FixedClock(), logger);
}
