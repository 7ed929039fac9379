using Maimai.Silo.Storage;

namespace Maimai.Silo.Cli;

/// <summary>Opens (and migrates) the configured database for a maintenance verb, from the same configuration the server reads.</summary>
internal static class CliStorage
{
    /// <summary>The database, or null after writing one line saying what is wrong with the storage settings.</summary>
    public static async Task<Database?> OpenAsync(string[] args, TextWriter error, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        try
        {
            var (database, _) = await StorageStartup.InitializeAsync(StorageStartup.ReadOptions(configuration), cancellationToken);
            return database;
        }
        catch (StorageStartupException e)
        {
            await error.WriteLineAsync("Storage: " + e.Message);
            return null;
        }
    }
}
