using System.Diagnostics;
using System.Globalization;
using System.Net;
using Maimai.Benchmarks.Api;
using Maimai.Testing;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>
/// One silo as its own process (`dotnet Maimai.Silo.dll`), so kill -9, SIGSTOP and SIGCONT hit a real process:
/// PostgreSQL clustering, its h2c, HTTP/1.1, silo and metrics ports free loopback ports chosen at each start.
/// Its output goes to a log file beside the results' working folder.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly string _dll;
    private readonly IReadOnlyList<string> _settings;
    private readonly string _log;
    private Process? _process;
    private StreamWriter? _logWriter;

    public SiloProcess(string name, string dll, IReadOnlyList<string> settings, string logFolder)
    {
        Name = name;
        _dll = dll;
        _settings = settings;
        _log = Path.Combine(logFolder, name + ".log");
    }

    public string Name { get; }

    /// <summary>The GC a silo runs with: its runtimeconfig.json's System.GC.Server, unless DOTNET_gcServer (inherited by the process) overrides it.</summary>
    public static string GcMode(string dll)
    {
        var server = false;
        var config = Path.ChangeExtension(dll, ".runtimeconfig.json");
        if (File.Exists(config))
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
            server = json.RootElement.TryGetProperty("runtimeOptions", out var options) && options.TryGetProperty("configProperties", out var properties)
                && properties.TryGetProperty("System.GC.Server", out var value) && value.ValueKind == System.Text.Json.JsonValueKind.True;
        }

        server = Environment.GetEnvironmentVariable("DOTNET_gcServer") is { } variable ? variable is "1" or "true" : server;
        return server ? "server GC" : "workstation GC";
    }

    public int GrpcPort { get; private set; }

    public int HttpPort { get; private set; }

    public int MetricsPort { get; private set; }

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the process on fresh ports and waits until its HTTP port serves the sign-in page (or the timeout).</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        (GrpcPort, HttpPort, MetricsPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        start.ArgumentList.Add(_dll);
        foreach (var setting in _settings.Concat([
            "--Ports:Http=" + Text(HttpPort), "--Ports:Grpc=" + Text(GrpcPort), "--Cluster:SiloPort=" + Text(FreePort.Next()),
            "--Telemetry:MetricsPort=" + Text(MetricsPort)]))
        {
            start.ArgumentList.Add(setting);
        }

        // The development login (the gRPC-Web half signs in with it) exists only in Development.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        _logWriter ??= new StreamWriter(_log, append: true) { AutoFlush = true };
        await _logWriter.WriteLineAsync($"--- {DateTimeOffset.UtcNow:O} start: http {HttpPort}, grpc {GrpcPort}, metrics {MetricsPort}");
        _process?.Dispose(); // the previous run of this silo, killed or ended
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the silo.");
        var writer = _logWriter;
        _process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        _process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited during start-up (code {_process.ExitCode}); see {_log}.");
            }

            try
            {
                using var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/signin"));
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"Silo {Name} was not ready within {timeout.TotalSeconds:0} s; see {_log}.");
    }

    /// <summary>kill -9: no shutdown, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            Signal(p.Id, "KILL");
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public void Stop() => Signal(_process?.Id ?? 0, "STOP");

    public void Continue() => Signal(_process?.Id ?? 0, "CONT");

    /// <summary>Total CPU time (user + system) of the process so far, from /proc; zero when it is not running.</summary>
    public TimeSpan CpuTime() => ProcessId is { } pid ? CpuMeter.ProcessTime(pid) : TimeSpan.Zero;

    /// <summary>Resident set size now, in bytes.</summary>
    public long ResidentBytes() => ProcessId is { } pid ? StatusKilobytes(pid, "VmRSS:") * 1024 : 0;

    /// <summary>Open sockets of the process (client connections, database connections, cluster links).</summary>
    public int Sockets()
    {
        if (ProcessId is not { } pid)
        {
            return 0;
        }

        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
                .Count(fd => new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // the process ended while being read
        }
    }

    /// <summary>Orleans' live activations by grain type, from the silo's Prometheus endpoint (orleans_grains).</summary>
    public async Task<IReadOnlyDictionary<string, long>> ActivationsAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!IsRunning)
        {
            return result;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        string text;
        try
        {
            text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{MetricsPort}/metrics"), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return result;
        }

        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("orleans_grains{", StringComparison.Ordinal))
            {
                continue;
            }

            var type = Label(line, "grain_type") ?? "unknown";
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var count))
            {
                result[type] = result.GetValueOrDefault(type) + (long)count;
            }
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } p)
        {
            if (!p.HasExited)
            {
                Signal(p.Id, "CONT"); // a stopped process would not die of SIGKILL until continued on some kernels
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }

            p.Dispose();
            _process = null; // disposing twice (an early stop, then `await using`) is harmless
        }

        if (_logWriter is not null)
        {
            await _logWriter.DisposeAsync();
            _logWriter = null;
        }
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (writer)
        {
            writer.WriteLine(line);
        }
    }

    private static string? Label(string line, string name)
    {
        var at = line.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var from = at + name.Length + 2;
        return line[from..line.IndexOf('"', from)];
    }

    private static long StatusKilobytes(int pid, string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static void Signal(int pid, string signal)
    {
        if (pid <= 0)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit(10_000);
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
