using System.CommandLine;
using System.Globalization;
using Maimai.Core.Game;
using Maimai.Silo.Storage.Consistency;

namespace Maimai.Silo.Cli;

/// <summary>
/// `check-consistency [--settled] [--lease-seconds N] [--auto-refresh FILE]`: checks the stored fetches, snapshots,
/// score versions, plays and auto-refresh schedules (after a crash, a restore or a fault test), prints each check
/// with the rows that break it, and exits 1 when any does. Reads only.
/// </summary>
public static class CheckConsistencyCommand
{
    public static Command Create(string[] args)
    {
        var settled = new Option<bool>("--settled") { Description = "Nothing should be running now: every pending or running fetch counts as unfinished." };
        var lease = new Option<int>("--lease-seconds")
        {
            Description = "An active fetch with no heartbeat for this long counts as unfinished (without --settled).",
            DefaultValueFactory = _ => 120,
        };
        var autoRefresh = new Option<FileInfo?>("--auto-refresh") { Description = "A file of expected auto-refresh schedules, one \"<user id> <region>\" a line." };
        var command = new Command("check-consistency", "Check the stored data's invariants; exit 1 when any is broken.") { settled, lease, autoRefresh };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(settled), parse.GetValue(lease), parse.GetValue(autoRefresh), args, Console.Out, Console.Error, ct));
        return command;
    }

    internal static async Task<int> RunAsync(bool settled, int leaseSeconds, FileInfo? autoRefresh, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (leaseSeconds <= 0)
        {
            await error.WriteLineAsync("--lease-seconds must be positive.");
            return 1;
        }

        var schedules = new List<(long, Region)>();
        if (autoRefresh is not null)
        {
            if (!autoRefresh.Exists)
            {
                await error.WriteLineAsync($"--auto-refresh: no file {autoRefresh.FullName}.");
                return 1;
            }

            var number = 0;
            foreach (var line in await File.ReadAllLinesAsync(autoRefresh.FullName, cancellationToken))
            {
                number++;
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length == 0)
                {
                    continue;
                }

                if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var user) || !RegionNames.TryParse(parts[1], out var region))
                {
                    await error.WriteLineAsync($"--auto-refresh line {number}: expected \"<user id> <intl|jp>\".");
                    return 1;
                }

                schedules.Add((user, region));
            }
        }

        await using var database = await CliStorage.OpenAsync(args, error, cancellationToken);
        if (database is null)
        {
            return 2;
        }

        var expected = new ConsistencyExpectations(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(leaseSeconds), settled, schedules);
        var report = await new ConsistencyRepository(database).CheckAsync(expected, cancellationToken);
        foreach (var check in report.Checks)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(check.Count == 0 ? "ok  " : "FAIL")} {check.Name,-28} {check.Count,8}  {check.Meaning}"));
        }

        await output.WriteLineAsync(report.IsClean ? "consistent" : "INCONSISTENT");
        return report.IsClean ? 0 : 1;
    }
}
