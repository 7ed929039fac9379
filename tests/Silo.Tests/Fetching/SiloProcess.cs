using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>The built Silo executable as a child process (dotnet Maimai.Silo.dll), with its output kept for diagnostics.</summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process, int httpPort)
    {
        _process = process;
        HttpPort = httpPort;
    }

    public int HttpPort { get; }

    public ConcurrentQueue<string> Output { get; } = new();

    public Uri BaseUrl => new($"http://127.0.0.1:{HttpPort}/");

    public static SiloProcess Start(string workingDirectory, IEnumerable<string> settings)
    {
        var http = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Maimai.Silo.dll"));
        foreach (var setting in settings.Concat([$"--Ports:Http={http}", $"--Ports:Grpc={FreePort()}", "--Logging:LogLevel:Default=Information"]))
        {
            start.ArgumentList.Add(setting);
        }

        var silo = new SiloProcess(Process.Start(start)!, http);
        silo._process.OutputDataReceived += (_, e) => silo.Receive(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Receive(e.Data);
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Completes when the host logs its listening addresses (storage migrated, hosted services started).</summary>
    public Task Listening => _listening.Task;

    /// <summary>kill -9: no shutdown, no last words.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    public override string ToString() => string.Join(Environment.NewLine, Output);

    private void Receive(string? line)
    {
        if (line is null)
        {
            _listening.TrySetException(new InvalidOperationException("The Silo exited before listening:" + Environment.NewLine + this));
            return;
        }

        Output.Enqueue(line);
        if (line.Contains("Listening on", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
