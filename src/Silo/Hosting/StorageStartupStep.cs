using Maimai.Silo.Storage;

namespace Maimai.Silo.Hosting;

/// <summary>Start-up's storage step: migrate and log, or print one line and tell the host to stop.</summary>
public static class StorageStartupStep
{
    /// <summary>Returns false (after printing the reason to stderr) when storage is unusable as configured.</summary>
    public static async Task<bool> RunAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        error ??= Console.Error;
        try
        {
            var database = services.GetRequiredService<Database>();
            var applied = await StorageStartup.MigrateAsync(database, cancellationToken);
            if (logger.IsEnabled(LogLevel.Information))
            {
                var detail = applied.Count == 0 ? "schema is current" : string.Join(", ", applied.Select(m => $"{m.Version:D4}_{m.Name}"));
                var provider = database.Dialect.Provider;
                StartupLog.Migrated(logger, provider, applied.Count, detail);
            }
            return true;
        }
        catch (StorageStartupException e)
        {
            await error.WriteLineAsync("Start-up failed: " + e.Message);
            return false;
        }
    }
}

/// <summary>Start-up log lines.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(EventId = 1001, EventName = "StorageMigrated", Level = LogLevel.Information,
        Message = "Storage {Provider}: applied {Count} migration(s) ({Detail})")]
    public static partial void Migrated(ILogger logger, StorageProvider provider, int count, string detail);

    [LoggerMessage(EventId = 1002, EventName = "Listening", Level = LogLevel.Information, Message = "Listening on {Addresses}")]
    public static partial void Listening(ILogger logger, string addresses);
}
