using System.Diagnostics;
using System.Text;
using Maimai.Testing;

namespace Maimai.Silo.Tests.EndToEnd;

/// <summary>The built Silo (Maimai.Silo.dll beside the tests) as a real process, and its CLI verbs.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process, int httpPort, int grpcPort)
    {
        _process = process;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
    }

    public int HttpPort { get; }

    public int GrpcPort { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Maimai.Silo.dll");

    public static async Task<SiloProcess> StartAsync(IEnumerable<string> settings)
    {
        var http = FreePort.Next();
        var grpc = FreePort.Next();
        var start = Start([Dll, .. settings, $"--Ports:Http={http}", $"--Ports:Grpc={grpc}", $"--Cluster:SiloPort={FreePort.Next()}"]);
        var silo = new SiloProcess(Process.Start(start)!, http, grpc);
        silo._process.OutputDataReceived += (_, e) => silo.Collect(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Collect(e.Data);
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        silo._process.EnableRaisingEvents = true;
        silo._process.Exited += (_, _) => silo._listening.TrySetException(new InvalidOperationException("the Silo exited:\n" + silo.Output));
        try
        {
            await silo._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            await silo.DisposeAsync();
            throw new TimeoutException("the Silo did not log 'Listening on' within 60 s:\n" + silo.Output);
        }

        return silo;
    }

    /// <summary>Runs a CLI verb (`users create ...`) to its end; its stdout, trimmed, or a failure with everything it wrote.</summary>
    public static async Task<string> RunVerbAsync(string[] arguments)
    {
        var start = Start([Dll, .. arguments]);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var output = (await stdout.WaitAsync(TimeSpan.FromSeconds(10))).Trim();
        Assert.True(process.ExitCode == 0, $"`{string.Join(' ', arguments.Take(2))}` exited {process.ExitCode}: {output} {await stderr}");
        return output.Split('\n')[^1].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private static ProcessStartInfo Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        return start;
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Listening on", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }
}
