using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Maimai.Silo.Tests.EndToEnd;

/// <summary>
/// `dotnet run ... -- --demo` as a process from the repository root, started from the README's command line, with
/// the API token and the buf curl commands it prints read from its output.
/// </summary>
internal sealed partial class DemoProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _greeted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _token;
    private bool _banner;

    private DemoProcess(Process process) => _process = process;

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

    /// <summary>Runs <paramref name="commandLine"/> (plain words, no quoting) with <paramref name="settings"/> appended.</summary>
    public static async Task<(DemoProcess Demo, string ApiToken)> StartAsync(string root, string commandLine, IEnumerable<string> settings, TimeSpan timeout)
    {
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(words[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var word in words.Skip(1).Concat(settings))
        {
            start.ArgumentList.Add(word);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";

        var demo = new DemoProcess(Process.Start(start)!);
        demo._process.OutputDataReceived += (_, e) => demo.Collect(e.Data);
        demo._process.ErrorDataReceived += (_, e) => demo.Collect(e.Data);
        demo._process.BeginOutputReadLine();
        demo._process.BeginErrorReadLine();
        demo._process.EnableRaisingEvents = true;
        demo._process.Exited += (_, _) => demo._greeted.TrySetException(new InvalidOperationException("the demo exited:\n" + demo.Output));
        try
        {
            return (demo, await demo._greeted.Task.WaitAsync(timeout));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await demo.DisposeAsync();
            throw new InvalidOperationException($"no API token and commands from the demo within {timeout.TotalSeconds} s:\n{demo.Output}", e);
        }
    }

    /// <summary>The `buf curl` lines of the greeting, as printed.</summary>
    public IReadOnlyList<string> PrintedCommands() =>
        [.. Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("buf curl ", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
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

        if (TokenLine().Match(line) is { Success: true } match)
        {
            _token = match.Groups[1].Value;
        }
        else if (line.StartsWith("── maimai demo", StringComparison.Ordinal))
        {
            _banner = true;
        }
        else if (_banner && _token is not null && line.StartsWith("─────", StringComparison.Ordinal))
        {
            // The closing rule: every command is printed.
            _greeted.TrySetResult(_token);
        }
    }

    [GeneratedRegex(@"^API token \(shown once\): (\S+)$")]
    private static partial Regex TokenLine();
}
