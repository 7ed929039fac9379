using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Maimai.Testing;

namespace Maimai.Silo.Tests.Cluster;

/// <summary>
/// One silo started the way the README tells an operator to: tools/silo.sh with its own ports, running the Silo
/// built beside these tests (SILO_DLL). Free loopback ports; output kept for diagnostics; kill -9, SIGSTOP and
/// SIGCONT on demand.
/// </summary>
internal sealed class ScriptedSilo : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ScriptedSilo(Process process, int httpPort, int grpcPort, int siloPort)
    {
        _process = process;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
        SiloPort = siloPort;
    }

    public int HttpPort { get; }

    public int GrpcPort { get; }

    /// <summary>The Orleans silo-to-silo port: fetch_sessions.node_id and the membership table name the silo by it.</summary>
    public int SiloPort { get; }

    public ConcurrentQueue<string> Output { get; } = new();

    /// <summary>Completes when the host logs its listening addresses (storage migrated, silo joined, hosted services started).</summary>
    public Task Listening => _listening.Task;

    public bool HasExited => _process.HasExited;

    public static ScriptedSilo Start(IEnumerable<string> settings)
    {
        var (http, grpc, silo) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "tools", "silo.sh"));
        foreach (var setting in settings.Concat([$"--Ports:Http={http}", $"--Ports:Grpc={grpc}", $"--Cluster:SiloPort={silo}", "--Logging:LogLevel:Default=Information"]))
        {
            start.ArgumentList.Add(setting);
        }

        start.Environment["SILO_DLL"] = Path.Combine(AppContext.BaseDirectory, "Maimai.Silo.dll");
        var scripted = new ScriptedSilo(Process.Start(start)!, http, grpc, silo);
        scripted._process.OutputDataReceived += (_, e) => scripted.Receive(e.Data);
        scripted._process.ErrorDataReceived += (_, e) => scripted.Receive(e.Data);
        scripted._process.BeginOutputReadLine();
        scripted._process.BeginErrorReadLine();
        return scripted;
    }

    /// <summary>kill -9 (the script execs the Silo, so this is the Silo's own process): no shutdown, no last words.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>
    /// SIGSTOP: the Silo stops answering anything (membership probes, grain calls, gRPC) yet keeps its sockets open
    /// and its row in the membership table, as a frozen VM or a long GC pause would.
    /// </summary>
    public void Stop() => Signal("STOP");

    /// <summary>SIGCONT: the stopped Silo runs on from where it stopped.</summary>
    public void Continue() => Signal("CONT");

    /// <summary>Kills the Silo even when it is stopped: SIGKILL needs no cooperation from the process.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Signal(string signal)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-" + signal);
        start.ArgumentList.Add(_process.Id.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start)!;
        if (!kill.WaitForExit(10_000) || kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed: {kill.StandardError.ReadToEnd()}");
        }
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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maimai.Grpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Maimai.Grpc.sln not found above " + AppContext.BaseDirectory);
    }
}
