using System.CommandLine;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;
using Spectre.Console;
using Region = Maimai.Core.Game.Region;

namespace Maimai.Silo.Cli;

/// <summary>`songs import &lt;file&gt; --region jp|intl`: upserts an otoge-db song list into the songs database.</summary>
public static class SongsCommand
{
    public static Command Create(string[] args)
    {
        var file = new Argument<FileInfo>("file") { Description = "An otoge-db song list (music-ex.json or music-ex-intl.json)." };
        var region = new Option<string>("--region")
        {
            Description = "jp: the base song data; intl: international levels and versions onto existing songs.",
            Required = true,
        };
        region.AcceptOnlyFromAmong("jp", "intl");
        var import = new Command("import", "Import an otoge-db song list (idempotent).") { file, region };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((parse, ct) => ImportAsync(parse.GetRequiredValue(file), RegionNames.Parse(parse.GetRequiredValue(region)), args, ct));
        return new Command("songs", "Manage the songs database.") { import };
    }

    private static async Task<int> ImportAsync(FileInfo file, Region region, string[] args, CancellationToken cancellationToken)
    {
        SongCatalog catalog;
        try
        {
            catalog = OtogeDbSongList.Load(file.FullName);
        }
        catch (Exception e) when (e is SongListFormatException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Cannot read {file.FullName}: {e.Message}");
            return 1;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        Database database;
        try
        {
            (database, _) = await StorageStartup.InitializeAsync(StorageStartup.ReadOptions(configuration), cancellationToken);
        }
        catch (StorageStartupException e)
        {
            await Console.Error.WriteLineAsync("Import failed: " + e.Message);
            return 2;
        }

        var result = await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Importing {catalog.Count} songs ({region.ToName()})", maxValue: catalog.Count);
                var progress = new SynchronousProgress(done => task.Value = done);
                return await new SongRepository(database).ImportAsync(catalog, region, progress, cancellationToken);
            });
        AnsiConsole.MarkupLineInterpolated(
            $"[green]{file.Name}[/]: {catalog.Count} songs, {catalog.ChartCount} charts read; songs added {result.SongsAdded}, updated {result.SongsUpdated}; charts added {result.ChartsAdded}, updated {result.ChartsUpdated}.");
        return 0;
    }

    /// <summary>Reports on the importing thread (Progress&lt;T&gt; would post to the thread pool and lag behind).</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
