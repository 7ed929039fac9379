using System.Collections.Concurrent;
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

/// <summary>Keeps every log line, so tests can assert what the loader said.</summary>
internal sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception)));
}

/// <summary>Loads plugins the way the Silo does, from a folder, with configuration pointing them at simulators.</summary>
internal static class Plugins
{
    /// <summary>Where the build copied the real plugins (plugins/Intl, plugins/Jp), as beside the Silo executable.</summary>
    public static string BuiltFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Where the build copied the test plugins (VersionedJson, WrongInterface).</summary>
    public static string TestPluginsFolder => Path.Combine(AppContext.BaseDirectory, "test-plugins");

    public static IScraperRegistry Load(string folder, RecordingLogger logger, IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        return PluginLoader.Load(folder, configuration, new FixedClock(), logger);
    }

    /// <summary>A fresh folder under the test output, deleted by the caller.</summary>
    public static DirectoryInfo TempFolder() =>
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "tmp-plugins", Guid.NewGuid().ToString("N")));

    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
