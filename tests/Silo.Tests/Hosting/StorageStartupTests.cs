using System.Diagnostics;
using Maimai.Silo.Hosting;
using Maimai.Silo.Storage;
using Maimai.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maimai.Silo.Tests.Hosting;

/// <summary>Start-up's storage step: migrations once, and one clear line for each way the configuration can be wrong.</summary>
public sealed class StorageStartupTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maimai-startup-" + Guid.NewGuid().ToString("N"));

    public StorageStartupTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task A_first_start_applies_the_migrations_and_a_second_applies_none()
    {
        var options = new StorageOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "data", "maimai.db")}" };
        var (_, first) = await StorageStartup.InitializeAsync(options).WaitAsync(Timeout);
        var (_, second) = await StorageStartup.InitializeAsync(options).WaitAsync(Timeout);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18], first.Select(m => m.Version));
        Assert.Empty(second);
        Assert.True(File.Exists(Path.Combine(_folder, "data", "maimai.db")));
    }

    [Fact]
    public async Task An_unknown_provider_names_the_setting_and_the_choices()
    {
        var e = await Assert.ThrowsAsync<StorageStartupException>(() => StorageStartup.InitializeAsync(new StorageOptions { Provider = "Mongo" }).WaitAsync(Timeout));
        Assert.Equal("Unknown Storage:Provider 'Mongo': set it to 'Sqlite' (the default) or 'Postgres'.", e.Message);
    }

    [Fact]
    public async Task A_corrupt_sqlite_file_is_named_with_what_to_do()
    {
        var file = Path.Combine(_folder, "corrupt.db");
        await File.WriteAllTextAsync(file, new string('x', 4096));
        var e = await Assert.ThrowsAsync<StorageStartupException>(() =>
            StorageStartup.InitializeAsync(new StorageOptions { ConnectionString = $"Data Source={file}" }).WaitAsync(Timeout));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database or is corrupt", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_foreign_sqlite_database_is_refused_untouched()
    {
        var file = Path.Combine(_folder, "foreign.db");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY)";
            await command.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<StorageStartupException>(() =>
            StorageStartup.InitializeAsync(new StorageOptions { ConnectionString = $"Data Source={file}" }).WaitAsync(Timeout));
        Assert.Contains("invoices", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a maimai database", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_postgres_says_where_it_looked()
    {
        var port = FreePort.Next();
        var e = await Assert.ThrowsAsync<StorageStartupException>(() => StorageStartup.InitializeAsync(new StorageOptions
        {
            Provider = "Postgres",
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=maimai;Database=maimai;Timeout=5",
        }).WaitAsync(Timeout));
        Assert.StartsWith($"Cannot reach PostgreSQL at 127.0.0.1:{port} database 'maimai'", e.Message, StringComparison.Ordinal);
        Assert.Contains("check Storage:ConnectionString", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_up_step_prints_one_line_and_stops()
    {
        var services = new ServiceCollection()
            .AddStorage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "Oracle" }).Build())
            .BuildServiceProvider();
        using var error = new StringWriter();
        Assert.False(await StorageStartupStep.RunAsync(services, NullLogger.Instance, CancellationToken.None, error).WaitAsync(Timeout));
        Assert.Equal("Start-up failed: Unknown Storage:Provider 'Oracle': set it to 'Sqlite' (the default) or 'Postgres'." + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task The_real_silo_process_exits_non_zero_with_one_line_for_a_corrupt_database()
    {
        var file = Path.Combine(_folder, "corrupt.db");
        await File.WriteAllTextAsync(file, "this is not a database, just text that is long enough to have a header");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Maimai.Silo.dll"), $"--Storage:ConnectionString=Data Source={file}",
            $"--Ports:Http={FreePort.Next()}", $"--Ports:Grpc={FreePort.Next()}", $"--Cluster:SiloPort={FreePort.Next()}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, process.ExitCode);
        Assert.Equal($"Start-up failed: The SQLite file '{file}' is not a SQLite database or is corrupt: move it away or point Storage:ConnectionString at another file.", Assert.Single(lines));
        Assert.DoesNotContain("   at ", await stdout, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
