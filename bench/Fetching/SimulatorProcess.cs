using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Maimai.Testing;

namespace Maimai.Benchmarks.Fetching;

/// <summary>
/// tools/DxNetSimulator as its own process on a free port, so its CPU and memory are not counted as the Silo's.
/// Its request log lines are off (Warning level): 50,000 console lines would cost more than the pages.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _control;

    private SimulatorProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        _control = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    public int ProcessId => _process.Id;

    public static async Task<SimulatorProcess> StartAsync(int songs)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Maimai.DxNetSimulator.dll"));
        foreach (var arg in new[] { "--urls", $"http://127.0.0.1:{port}", "--songs", songs.ToString(CultureInfo.InvariantCulture), "--seed", "7" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the simulator.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
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
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("simulator: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var simulator = new SimulatorProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }

        return simulator;
    }

    /// <summary>A fresh logged-in session (the userId cookie value) per simulated user.</summary>
    public async Task<string> LoginAsync()
    {
        using var response = await _control.PostAsync(new Uri("_sim/session/login", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("userId").GetString() ?? throw new InvalidDataException("no userId in the login answer");
    }

    /// <summary>The simulator's chart and score counts (GET _sim/state).</summary>
    public async Task<(int Songs, int Charts, int Scores, int Plays)> StateAsync()
    {
        using var json = JsonDocument.Parse(await _control.GetStringAsync(new Uri("_sim/state", UriKind.Relative)));
        var root = json.RootElement;
        var songs = root.GetProperty("songs");
        var charts = songs.EnumerateArray().Sum(s => s.GetProperty("charts").GetArrayLength());
        return (songs.GetArrayLength(), charts, root.GetProperty("scores").GetArrayLength(), root.GetProperty("recent").GetArrayLength());
    }

    /// <summary>Page requests served so far (GET _sim/requests).</summary>
    public async Task<long> RequestCountAsync()
    {
        using var json = JsonDocument.Parse(await _control.GetStringAsync(new Uri("_sim/requests", UriKind.Relative)));
        return json.RootElement.GetProperty("total").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
