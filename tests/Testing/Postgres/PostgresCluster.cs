using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Maimai.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL 15 cluster for a test run: initdb as the postgres OS user under /tmp, a free TCP
/// port on 127.0.0.1, its own unix socket directory, and no disk flushes (fsync, full_page_writes off) because
/// the data dies with the run. synchronous_commit stays on: <see cref="RestartAsync"/> kills the server like a
/// crash, and with asynchronous commit a crash loses transactions that were already reported committed (the last
/// few hundred milliseconds of them), which production never does. Killing the processes leaves their writes
/// in the OS, so without fsync nothing committed is lost. One per test process (<see cref="Shared"/>),
/// stopped with "pg_ctl stop -m immediate" and deleted when the process exits.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private static readonly Lazy<Task<PostgresCluster>> SharedCluster = new(() => StartAsync(closeIdleSoon: true), LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databaseCounter;
    private readonly SemaphoreSlim _restartGate = new(1, 1);
    private readonly bool _closeIdleSoon;
    private int _disposed;

    private PostgresCluster(string root, int port, bool closeIdleSoon)
    {
        Root = root;
        Port = port;
        _closeIdleSoon = closeIdleSoon;
    }

    /// <summary>The folder holding data/, sock/ and the server log.</summary>
    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string SocketDirectory => Path.Combine(Root, "sock");

    public string LogFile => Path.Combine(Root, "server.log");

    public int Port { get; }

    /// <summary>The run's cluster, started on first use.</summary>
    public static Task<PostgresCluster> Shared => SharedCluster.Value;

    /// <summary>A connection string for a database of this cluster over TCP as the postgres superuser.</summary>
    /// <remarks>
    /// On the run's shared cluster every test class has a database of its own, so a pool of its own. With Npgsql's
    /// defaults a finished class's idle connections stay open for 5 minutes, and a test run's pools together reached
    /// 194 of the cluster's 200 connections, the likely cause of 14 tests failing together in one CI run; there idle
    /// ones are closed after 10 s. A cluster of its own (a bench's) keeps Npgsql's defaults, as a deployment does.
    /// </remarks>
    public string ConnectionString(string database = "postgres")
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
            Timeout = 15,
            CommandTimeout = 60,
        };
        if (_closeIdleSoon)
        {
            builder.ConnectionIdleLifetime = 10;
            builder.ConnectionPruningInterval = 2;
        }

        return builder.ToString();
    }

    /// <summary>
    /// VACUUM (ANALYZE) of one database with PostgreSQL's vacuumdb, as an operator runs it after a bulk load: the
    /// visibility map (so index-only scans stop visiting the heap) and the planner's statistics.
    /// </summary>
    public Task VacuumAnalyzeAsync(string connectionString, TimeSpan timeout) =>
        RunAsync(Path.Combine(BinDirectory, "vacuumdb"), timeout, "--analyze", "--jobs=2", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-U", "postgres", "-d", new NpgsqlConnectionStringBuilder(connectionString).Database ?? "postgres");

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = string.Create(CultureInfo.InvariantCulture,
            $"{prefix.ToLowerInvariant()}_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}");
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return ConnectionString(name);
    }

    /// <summary>
    /// Stops the server abruptly (like a crash) and starts it again on the same port; open connections break, open
    /// transactions are lost, committed ones are kept.
    /// </summary>
    public async Task RestartAsync()
    {
        await _restartGate.WaitAsync();
        try
        {
            NpgsqlConnection.ClearAllPools();
            await PgCtlAsync("stop", "-m", "immediate");
            await PgCtlAsync(StartArguments(Port));
        }
        finally
        {
            _restartGate.Release();
        }
    }

    /// <summary>Stops the server without restarting it (the caller restarts with <see cref="StartServerAsync"/>).</summary>
    public Task StopServerAsync() => PgCtlAsync("stop", "-m", "immediate");

    public Task StartServerAsync() => PgCtlAsync(StartArguments(Port));

    /// <summary>Starts a cluster of its own; <paramref name="closeIdleSoon"/>: see <see cref="ConnectionString"/>.</summary>
    public static async Task<PostgresCluster> StartAsync(bool closeIdleSoon = false)
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinDirectory}/initdb missing): apt-get install postgresql-15.");
        }

        SweepAbandonedClusters();
        var root = Path.Combine(Path.GetTempPath(), $"maimai-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..36]);
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(Path.Combine(root, "sock"));
        await RunAsync("chown", "-R", "postgres:postgres", root);
        var cluster = new PostgresCluster(root, FreePort.Next(), closeIdleSoon);
        await AsPostgresAsync(Path.Combine(BinDirectory, "initdb"),
            "-D", cluster.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        await cluster.PgCtlAsync(cluster.StartArguments(cluster.Port));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopAndDelete();
        cluster.StartWatchdog();
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await PgCtlAsync("stop", "-m", "immediate");
        }
        catch (InvalidOperationException)
        {
            // Already stopped (a fault test may have left it down); the folder is removed either way.
        }

        Directory.Delete(Root, recursive: true);
        _restartGate.Dispose();
    }

    /// <summary>
    /// The test host may be killed before its exit handlers finish; a detached shell waits for this process
    /// to end (tail --pid; its output must not be a pipe, or tail quits when the pipe closes) and then stops the server and deletes the folder.
    /// </summary>
    private void StartWatchdog()
    {
        var script = string.Create(CultureInfo.InvariantCulture,
            $"tail --pid={Environment.ProcessId} -f /dev/null >/dev/null 2>&1; runuser -u postgres -- {BinDirectory}/pg_ctl -D '{DataDirectory}' stop -m immediate >/dev/null 2>&1; rm -rf '{Root}'");
        using var watchdog = Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", script])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
    }

    /// <summary>Synchronous teardown for process exit, where the test host may not wait for async work.</summary>
    private void StopAndDelete()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StopAndDelete(Root);
    }

    private static void StopAndDelete(string root)
    {
        if (File.Exists(Path.Combine(root, "data", "postmaster.pid")))
        {
            using var stop = Process.Start(new ProcessStartInfo("runuser", ["-u", "postgres", "--", Path.Combine(BinDirectory, "pg_ctl"), "-D", Path.Combine(root, "data"), "stop", "-m", "immediate"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            stop?.WaitForExit(30_000);
        }

        // A child rm finishes even when the test host is killed right after its exit handlers start.
        using var rm = Process.Start(new ProcessStartInfo("rm", ["-rf", root]) { UseShellExecute = false });
        rm?.WaitForExit(30_000);
    }

    /// <summary>Removes clusters left by test processes that died before their exit handler ran.</summary>
    private static void SweepAbandonedClusters()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "maimai-pg-*"))
        {
            var parts = Path.GetFileName(folder).Split('-');
            if (parts.Length >= 3 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid))
            {
                StopAndDelete(folder);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // pg_stat_statements is preloaded so a bench can read which statements PostgreSQL spent its time on.
    private string[] StartArguments(int port) =>
    [
        "start", "-w", "-t", "60", "-l", LogFile, "-o",
        string.Create(CultureInfo.InvariantCulture,
            $"-p {port} -k {SocketDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200 -c shared_preload_libraries=pg_stat_statements"),
    ];

    private Task PgCtlAsync(params string[] arguments) =>
        AsPostgresAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, .. arguments]);

    private static Task AsPostgresAsync(string program, params string[] arguments) =>
        Environment.UserName == "postgres"
            ? RunAsync(program, arguments)
            : RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]);

    private static Task RunAsync(string program, params string[] arguments) => RunAsync(program, TimeSpan.FromSeconds(120), arguments);

    private static async Task RunAsync(string program, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/tmp",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
