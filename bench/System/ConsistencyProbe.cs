using System.Diagnostics;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>What `check-consistency` printed and whether it passed.</summary>
internal sealed record ConsistencyOutcome(bool Clean, int ExitCode, string Output);

/// <summary>
/// Runs the service's own `check-consistency` verb (src/Silo/Cli) against the run's database, as an operator would
/// after a fault: the checks' SQL lives in src/Silo/Storage/Consistency, not here.
/// </summary>
internal static class ConsistencyProbe
{
    public static async Task<ConsistencyOutcome> RunAsync(string siloDll, IReadOnlyList<string> storage, string autoRefreshFile, bool settled, int leaseSeconds)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(siloDll);
        start.ArgumentList.Add("check-consistency");
        foreach (var arg in storage)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--lease-seconds");
        start.ArgumentList.Add(leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--auto-refresh");
        start.ArgumentList.Add(autoRefreshFile);
        if (settled)
        {
            start.ArgumentList.Add("--settled");
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start check-consistency.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var text = (await output + await error).Trim();
        return new ConsistencyOutcome(process.ExitCode == 0, process.ExitCode, text);
    }
}
