using System.Xml.Linq;
using Maimai.Silo.Storage.Keys;
using Maimai.Silo.Time;

namespace Maimai.Silo.Accounts;

/// <summary>
/// Copies a key ring folder from before the ring moved into the database (configuration "DataProtection:KeysPath")
/// into it at start, so tokens saved then stay readable. Keys already in the database are skipped, so every start
/// may run it; without the setting it does nothing.
/// </summary>
internal sealed partial class FileKeyRingImport(
    IConfiguration configuration, DataProtectionKeyRepository keys, [FromKeyedServices(ServiceClock.Key)] TimeProvider time, ILogger<FileKeyRingImport> logger) : IHostedService
{
    public const string KeysPathKey = "DataProtection:KeysPath";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = configuration[KeysPathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        var folder = new DirectoryInfo(Path.GetFullPath(path));
        if (!folder.Exists)
        {
            FolderMissing(logger, folder.FullName);
            return;
        }

        // The file ring names each file after the element's friendly name ("key-<guid>"), as the database ring stores it.
        var stored = (await keys.ReadAllAsync(cancellationToken)).Select(k => k.FriendlyName).ToHashSet(StringComparer.Ordinal);
        var imported = 0;
        foreach (var file in folder.EnumerateFiles("*.xml").OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file.Name);
            if (stored.Add(name))
            {
                var xml = XElement.Load(file.FullName).ToString(SaveOptions.DisableFormatting);
                await keys.InsertAsync(name, xml, time.GetUtcNow(), cancellationToken);
                imported++;
            }
        }

        Imported(logger, imported, folder.FullName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9101, EventName = "KeyRingFolderMissing", Level = LogLevel.Warning,
        Message = "DataProtection:KeysPath names {Folder}, which does not exist: no keys imported into the database key ring.")]
    private static partial void FolderMissing(ILogger logger, string folder);

    [LoggerMessage(EventId = 9102, EventName = "KeyRingImported", Level = LogLevel.Information,
        Message = "Imported {Count} key ring element(s) from {Folder} into the database; DataProtection:KeysPath can be removed once every silo has started.")]
    private static partial void Imported(ILogger logger, int count, string folder);
}
