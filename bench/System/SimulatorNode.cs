using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Maimai.Testing;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>
/// tools/DxNetSimulator as its own process on one loopback port for the whole run, so it can be dropped (killed)
/// mid-fetch and started again where the silos expect it. Seed 7: the same real-sized account every time.
/// </summary>
internal sealed class SimulatorNode(int songs) : IAsyncDisposable
{
    /// <summary>The simulator's seed: the same real-sized account and catalog every run.</summary>
    public const int Seed = 7;

    private readonly int _port = FreePort.Next();
    private Process? _process;

    public Uri BaseUrl => new($"http://127.0.0.1:{_port}/");

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Maimai.DxNetSimulator.dll"));
        string[] args = ["--urls", $"http://127.0.0.1:{_port}", "--seed", Seed.ToString(CultureInfo.InvariantCulture), .. songs > 0 ? new[] { "--songs", songs.ToString(CultureInfo.InvariantCulture) } : []];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the simulator.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("The simulator exited before listening."));
            }
            else if (e.Data.StartsWith("DX NET simulator", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>The "remember me" clal token the simulated gateway accepts: derived from the seed, so it outlives a restart.</summary>
    public async Task<string> ClalAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("_sim/session", UriKind.Relative)));
        return json.RootElement.GetProperty("clal").GetString() ?? throw new InvalidDataException("The simulator has no clal token.");
    }

    /// <summary>Page requests served since the process started (GET _sim/requests).</summary>
    public async Task<long> RequestCountAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("_sim/requests", UriKind.Relative)));
        return json.RootElement.GetProperty("total").GetInt64();
    }

    /// <summary>Drops the site: kill -9, connections cut mid-page.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync() => new(KillAsync());
}
