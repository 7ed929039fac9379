using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Maimai.Testing;

namespace Maimai.Silo.Tests.EndToEnd;

/// <summary>
/// README's "Try it", as written: the demo started with the README's command line (plus the Release build the
/// suite made, free ports and throwaway files, settings the README documents), then the README's `buf curl` commands run through bash verbatim except
/// for the port and the placeholders (API token, fetch id, snapshot id). The demo must print the same commands.
/// </summary>
public sealed class DemoModeTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    [EndToEndFact]
    public async Task The_readme_demo_commands_fetch_and_read_back_a_snapshot()
    {
        var env = EndToEndEnvironment.Current!;
        var tryIt = ReadmeTryIt.Read(Path.Combine(env.Root, "README.md"));
        Assert.Equal("dotnet run --project src/Silo -- --demo", tryIt.DemoCommand);
        Assert.Equal(["StartFetch", "WatchFetch", "GetFetch", "ListSnapshots", "ListScores"], tryIt.BufCurl.Select(c => c.Method));

        var folder = Directory.CreateTempSubdirectory("maimai-demo-");
        try
        {
            var (http, grpc) = (FreePort.Next(), FreePort.Next());
            // The suite built Release already (tests/e2e/run.sh): `--no-build -c Release` runs that build. A build here
            // would take minutes on a busy machine and rewrite outputs other tests are using.
            var command = tryIt.DemoCommand.Replace(" -- --demo", " --no-build -c Release -- --demo", StringComparison.Ordinal);
            var (demo, token) = await DemoProcess.StartAsync(env.Root, command,
            [
                $"--Ports:Http={http}", $"--Ports:Grpc={grpc}", $"--Cluster:SiloPort={FreePort.Next()}",
                $"--Storage:ConnectionString=Data Source={Path.Combine(folder.FullName, "demo.db")}",
            ], TimeSpan.FromSeconds(120));
            await using var _ = demo;

            string Ready(string command) => command
                .Replace("<API token>", token, StringComparison.Ordinal)
                .Replace("http://127.0.0.1:5001/", $"http://127.0.0.1:{grpc}/", StringComparison.Ordinal);
            Assert.Equal(tryIt.BufCurl.Select(c => Ready(c.Line)), demo.PrintedCommands());

            var started = Single(await RunAsync(env, Ready(tryIt["StartFetch"])));
            var fetch = started.GetProperty("fetch");
            var fetchId = fetch.GetProperty("id").GetString()!;
            Assert.Equal("REGION_INTL", fetch.GetProperty("region").GetString());
            Assert.Contains(fetch.GetProperty("state").GetString(), new[] { "FETCH_STATE_PENDING", "FETCH_STATE_RUNNING" });

            string WithIds(string command, string? snapshotId = null) =>
                Ready(command).Replace("<fetch id>", fetchId, StringComparison.Ordinal).Replace("<snapshot id>", snapshotId ?? "", StringComparison.Ordinal);

            var events = await RunAsync(env, WithIds(tryIt["WatchFetch"]));
            Assert.True(events.Count >= 2, $"WatchFetch printed {events.Count} message(s)");
            var last = events[^1].GetProperty("fetch");
            Assert.Equal("FETCH_STATE_COMPLETED", last.GetProperty("state").GetString());
            Assert.All(events.SkipLast(1), e => Assert.NotEqual("FETCH_STATE_COMPLETED", e.GetProperty("fetch").GetProperty("state").GetString()));
            var snapshotId = last.GetProperty("snapshotId").GetString()!;
            Assert.False(string.IsNullOrEmpty(snapshotId));
            Assert.True(last.GetProperty("pagesDone").GetInt32() > 10, "a full first fetch reads many pages");

            var polled = Single(await RunAsync(env, WithIds(tryIt["GetFetch"]))).GetProperty("fetch");
            Assert.Equal("FETCH_STATE_COMPLETED", polled.GetProperty("state").GetString());
            Assert.Equal(snapshotId, polled.GetProperty("snapshotId").GetString());

            var snapshots = Single(await RunAsync(env, WithIds(tryIt["ListSnapshots"]))).GetProperty("snapshots");
            var snapshot = Assert.Single(snapshots.EnumerateArray());
            Assert.Equal(snapshotId, snapshot.GetProperty("id").GetString());
            Assert.Equal("REGION_INTL", snapshot.GetProperty("region").GetString());
            Assert.True(snapshot.GetProperty("totalPlayCount").GetInt32() > 0);

            var page = Single(await RunAsync(env, WithIds(tryIt["ListScores"], snapshotId)));
            var scores = page.GetProperty("scores").EnumerateArray().ToList();
            Assert.Equal(50, scores.Count);
            Assert.False(string.IsNullOrEmpty(page.GetProperty("nextPageToken").GetString()));
            Assert.All(scores, s =>
            {
                Assert.False(string.IsNullOrEmpty(s.GetProperty("title").GetString()));
                Assert.StartsWith("DIFFICULTY_", s.GetProperty("difficulty").GetString(), StringComparison.Ordinal);
            });
            Assert.Contains(scores, s => s.TryGetProperty("achievementX10000", out var a) && a.GetInt32() > 0);
            Assert.DoesNotMatch("(?m)^(fail|crit): ", demo.Output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static JsonElement Single(IReadOnlyList<JsonElement> messages) => Assert.Single(messages);

    // One README command through bash, with the buf the suite installed first on PATH; every JSON message it printed.
    private static async Task<IReadOnlyList<JsonElement>> RunAsync(EndToEndEnvironment env, string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["PATH"] = Path.Combine(env.Root, ".tools", "buf", "node_modules", ".bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(CommandTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout.WaitAsync(CommandTimeout);
        Assert.True(process.ExitCode == 0, $"`{command}` exited {process.ExitCode}:\n{output}\n{await stderr.WaitAsync(CommandTimeout)}");
        return ParseMessages(output);
    }

    // buf curl prints each response message as one JSON object (a stream prints several, one after another).
    private static List<JsonElement> ParseMessages(string output)
    {
        var messages = new List<JsonElement>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            messages.Add(document.RootElement.Clone());
        }

        return messages;
    }
}

/// <summary>The README's "Try it" section: its `dotnet run` line and its `buf curl` lines, in order.</summary>
internal sealed record ReadmeTryIt(string DemoCommand, IReadOnlyList<(string Method, string Line)> BufCurl)
{
    public string this[string method] => BufCurl.Single(c => c.Method == method).Line;

    public static ReadmeTryIt Read(string path)
    {
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf("\n## Try it\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Try it' section");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var lines = text[start..(end < 0 ? text.Length : end)].Split('\n');

        var inCode = false;
        var demo = new List<string>();
        var curl = new List<(string, string)>();
        foreach (var line in lines)
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }
            else if (inCode && line.StartsWith("dotnet run ", StringComparison.Ordinal))
            {
                demo.Add(line);
            }
            else if (inCode && line.StartsWith("buf curl ", StringComparison.Ordinal))
            {
                curl.Add((line[(line.LastIndexOf('/') + 1)..], line));
            }
        }

        return new ReadmeTryIt(Assert.Single(demo), curl);
    }
}
