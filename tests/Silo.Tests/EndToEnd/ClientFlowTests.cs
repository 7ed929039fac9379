using System.Diagnostics;
using System.Text.Json;
using Google.Protobuf;
using Maimai.DxNetSimulator;
using Maimai.Grpc.Contracts.V1;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.EndToEnd;

/// <summary>
/// The whole product through real clients: PostgreSQL, the simulated DX NET, the built Silo as a process, users and
/// API tokens from the CLI verbs, then tests/e2e/flow.mjs with grpc-js (h2c) and with connect-node (gRPC-Web over
/// HTTP/1.1), each as its own user. What the API returned must equal the simulator's player field by field.
/// </summary>
public sealed class ClientFlowTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [EndToEndFact]
    public async Task Both_clients_fetch_and_read_back_exactly_the_simulated_player()
    {
        var env = EndToEndEnvironment.Current!;
        var connection = await postgres.CreateDatabaseAsync("e2e").WaitAsync(TimeSpan.FromSeconds(60));
        await using var simulator = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { SongCount = 150, UtageCount = 3 })
            .WaitAsync(TimeSpan.FromSeconds(30));
        string[] storage = ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={connection}"];
        await using var silo = await SiloProcess.StartAsync([
            .. storage,
            $"--Plugins:Intl:SiteBaseUrl={simulator.BaseUrl}",
            $"--Plugins:Intl:LoginGatewayUrl={simulator.GatewayUrl}",
            "--Plugins:Intl:RequestGap=00:00:00.050", // slow enough for WatchFetch to see progress
            "--Plugins:Intl:ObserveMaintenanceWindow=false", // the process runs on the real clock, at any hour
            // Both clients call from 127.0.0.1 and page through every score: keep the per-IP API limit out of the way.
            "--ApiRateLimit:PermitLimit=100000",
        ]);

        var expected = ExpectedPlayer.Expect(simulator.Snapshot());
        var grpcJs = await RunFlowAsync(env, storage, "grpcjs", silo.GrpcPort, "userId=" + simulator.Sessions.Current);
        var connect = await RunFlowAsync(env, storage, "connect", silo.HttpPort, "clal=" + simulator.Sessions.ClalToken);

        foreach (var result in new[] { grpcJs, connect })
        {
            Assert.Equal(expected.Profile, result.Profile);
            AssertLines(expected.Scores, result.Scores, "scores");
            AssertLines(expected.Plays, result.Plays, "recent plays");
            Assert.Single(result.Snapshots);
        }

        Assert.DoesNotMatch("(?m)^(fail|crit): ", silo.Output);
    }

    // The first differing line in full (xunit's collection diff cuts long strings), and the counts.
    private static void AssertLines(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string what)
    {
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            Assert.True(expected[i] == actual[i], $"{what} #{i} differ:\nsimulator: {expected[i]}\nAPI:       {actual[i]}");
        }

        Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} on the simulator, {actual.Count} from the API");
    }

    private static async Task<ApiView> RunFlowAsync(EndToEndEnvironment env, string[] storage, string client, int port, string dxNetToken)
    {
        var userId = await SiloProcess.RunVerbAsync(["users", "create", "--name", "e2e " + client, .. storage]);
        var token = await SiloProcess.RunVerbAsync(["tokens", "create", "--user", userId, "--name", "e2e", .. storage]);
        var output = Path.Combine(Path.GetTempPath(), $"maimai-e2e-{client}-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(env.Root, "tests", "e2e", "flow.mjs"), "--client", client, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--token", token, "--dxnet", dxNetToken, "--protos", Path.Combine(env.Root, "protos"), "--set", env.DescriptorSet, "--out", output,
            "--page-size", "37", // not a divisor of the counts, so the last page is a partial one
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var node = Process.Start(start)!;
            var stdout = node.StandardOutput.ReadToEndAsync();
            var stderr = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(180));
            var log = (await stdout) + await stderr;
            Assert.True(node.ExitCode == 0, $"flow.mjs --client {client} exited {node.ExitCode}:\n{log}");
            Assert.Contains("PASS " + client, log, StringComparison.Ordinal);
            return ApiView.Read(await File.ReadAllTextAsync(output));
        }
        finally
        {
            File.Delete(output);
        }
    }
}

/// <summary>What flow.mjs wrote, parsed back into the maimai.v1 messages and flattened for comparison.</summary>
internal sealed record ApiView(string Profile, IReadOnlyList<string> Scores, IReadOnlyList<string> Plays, IReadOnlyList<SnapshotSummary> Snapshots)
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static ApiView Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        T Parse<T>(JsonElement e) where T : IMessage<T>, new() => Parser.Parse<T>(e.GetRawText());
        var snapshot = Parse<Snapshot>(root.GetProperty("snapshot"));
        return new ApiView(
            ExpectedPlayer.ProfileLine(snapshot),
            [.. root.GetProperty("scores").EnumerateArray().Select(e => ExpectedPlayer.ScoreLine(Parse<ChartScore>(e))).Order(StringComparer.Ordinal)],
            [.. root.GetProperty("plays").EnumerateArray().Select(e => ExpectedPlayer.PlayLine(Parse<RecentPlay>(e)))],
            [.. root.GetProperty("snapshots").EnumerateArray().Select(Parse<SnapshotSummary>)]);
    }
}
