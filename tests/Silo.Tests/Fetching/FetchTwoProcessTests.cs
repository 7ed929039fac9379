using System.Net.Http.Json;
using Dapper;
using Maimai.Core.Game;
using Maimai.DxNetSimulator;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Maimai.Testing.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// Two real Silo processes on one PostgreSQL database, asked to start the same fetch at once: one fetch. The node running a fetch is killed with SIGKILL in the
/// middle of it; the other node's sweeper fails the fetch as NODE_LOST after the (short) lease, and a new fetch
/// then succeeds on the surviving node. Fetches are started through the test-only endpoint (Fetching:TestEndpoints).
/// </summary>
public sealed class FetchTwoProcessTests(PostgresFixture postgres, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "maimai-2proc-" + Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public async Task Two_nodes_asked_at_once_start_one_fetch_and_killing_its_node_lets_the_other_node_fail_it_as_lost_and_run_the_next_one()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var connectionString = await postgres.CreateDatabaseAsync("twoproc").WaitAsync(Timeout);
        var database = new Database(PostgresDialect.Instance, connectionString);
        await new MigrationRunner(database).ApplyAsync().WaitAsync(Timeout);
        await using var sim = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { SongCount = 60, UtageCount = 2 }).WaitAsync(Timeout);
        sim.Faults.Latency = TimeSpan.FromMilliseconds(60); // node A's fetch takes long enough to be killed in the middle

        // The user and their token, written with the key ring the nodes will read (same folder, same application name).
        var keys = Path.Combine(_folder, "keys");
        var user = await new UserRepository(database).UpsertByDiscordIdAsync("1", "player", DateTimeOffset.UtcNow).WaitAsync(Timeout);
        var protector = new DxNetTokenProtector(DataProtectionProvider.Create(new DirectoryInfo(keys), b => b.SetApplicationName("maimai-score-tracker")));
        await new DxNetTokenStore(database, protector, TimeProvider.System).SetAsync(user.Id, Region.Intl, "userId=" + sim.Sessions.Current, CancellationToken.None).WaitAsync(Timeout);

        string[] Settings(string node) =>
        [
            "--Storage:Provider=Postgres", $"--Storage:ConnectionString={connectionString}", $"--DataProtection:KeysPath={keys}",
            $"--Plugins:Intl:SiteBaseUrl={sim.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={sim.GatewayUrl}", "--Plugins:Intl:RequestGap=00:00:00",
            $"--Fetching:NodeId={node}", "--Fetching:RateLimit=00:00:02", "--Fetching:HeartbeatInterval=00:00:00.500",
            "--Fetching:LeaseDuration=00:00:03", "--Fetching:SweepInterval=00:00:00.500", "--Fetching:TestEndpoints=true",
        ];
        using var a = SiloProcess.Start(_folder, Settings("node-a"));
        using var b = SiloProcess.Start(_folder, Settings("node-b"));
        output.WriteLine($"setup {clock.ElapsedMilliseconds} ms");
        await Task.WhenAll(a.Listening, b.Listening).WaitAsync(Timeout);
        output.WriteLine($"both listening {clock.ElapsedMilliseconds} ms");

        await using var changes = await FetchChanges.ListenAsync(connectionString);
        using var http = new HttpClient { Timeout = Timeout };
        // Both nodes are asked at once, 20 times each: exactly one fetch starts between them.
        var asked = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => AskAsync(http, i % 2 == 0 ? a : b, user.Id))).WaitAsync(Timeout);
        var (runner, first) = Assert.Single(asked, o => o.Outcome.Outcome == "Started");
        Assert.All(asked, o => Assert.True(o.Outcome.Outcome == "Started" || o.Outcome is { Outcome: "AlreadyRunning" } && o.Outcome.FetchId == first.FetchId || o.Outcome.Outcome == "RateLimited", o.Outcome.ToString()));
        var survivor = runner == a ? b : a;
        Assert.Equal(1L, await CountAsync(connectionString, "SELECT COUNT(*) FROM fetch_sessions"));

        // Mid-fetch: the node running it has written progress, then dies without a word.
        var running = await changes.WaitForAsync(first.FetchId!.Value, r => r.State == "running" && r.PagesDone >= 2, Timeout);
        Assert.Equal(runner == a ? "node-a" : "node-b", running.NodeId);
        output.WriteLine($"mid-fetch {clock.ElapsedMilliseconds} ms");
        runner.Kill();
        var lost = await changes.WaitForAsync(first.FetchId.Value, r => r.State == "failed", Timeout);
        Assert.Equal("NODE_LOST", lost.ErrorCode);
        output.WriteLine($"lost {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0L, await CountAsync(connectionString, "SELECT COUNT(*) FROM user_snapshots"));

        // The surviving node takes the next fetch (after the rate limit, if it still applies) and completes it.
        sim.Faults.Latency = TimeSpan.Zero;
        var second = await StartAsync(http, survivor, user.Id);
        if (second.Outcome == "RateLimited")
        {
            await Task.Delay(TimeSpan.FromMilliseconds(second.RetryAfterMs!.Value + 50)); // waiting out the rate limit is the behaviour under test
            second = await StartAsync(http, survivor, user.Id);
        }

        Assert.True(second.Outcome == "Started", second.ToString() + Environment.NewLine + survivor);
        var done = await changes.WaitForAsync(second.FetchId!.Value, r => r.State is "completed" or "failed", Timeout);
        Assert.True(done.State == "completed", $"{done.ErrorCode}: {done.ErrorMessage}{Environment.NewLine}{survivor}");
        Assert.Equal(survivor == a ? "node-a" : "node-b", done.NodeId);
        output.WriteLine($"second fetch done {clock.ElapsedMilliseconds} ms");
        foreach (var line in a.Output.Concat(b.Output).Where(l => l.Contains("Fetch", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }
        Assert.Equal(1L, await CountAsync(connectionString, "SELECT COUNT(*) FROM user_snapshots"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<TestOutcome> StartAsync(HttpClient http, SiloProcess node, long userId)
    {
        using var response = await http.PostAsync(new Uri(node.BaseUrl, $"_test/fetch?userId={userId}&region=Intl"), null).WaitAsync(Timeout);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TestOutcome>().WaitAsync(Timeout))!;
    }

    private static async Task<(SiloProcess Node, TestOutcome Outcome)> AskAsync(HttpClient http, SiloProcess node, long userId) =>
        (node, await StartAsync(http, node, userId));

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>(sql).WaitAsync(Timeout);
    }

    private sealed record TestOutcome(string Outcome, long? FetchId, long? RetryAfterMs);
}

/// <summary>The test's own LISTEN on the fetch channel: waits for a fetch row to reach a state, re-reading it on each notification.</summary>
internal sealed class FetchChanges : IAsyncDisposable
{
    private readonly NpgsqlConnection _listener;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private FetchChanges(NpgsqlConnection listener, string connectionString)
    {
        _listener = listener;
        _connectionString = connectionString;
        _listener.Notification += (_, _) => _signal.Release();
        _loop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await _listener.WaitAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public static async Task<FetchChanges> ListenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using (var listen = new NpgsqlCommand("LISTEN maimai_fetch_progress", connection))
        {
            await listen.ExecuteNonQueryAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        return new FetchChanges(connection, connectionString);
    }

    public async Task<FetchRow> WaitForAsync(long fetchId, Func<FetchRow, bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            await using (var connection = new NpgsqlConnection(_connectionString))
            {
                var row = await connection.QuerySingleAsync<FetchRow>(new CommandDefinition("""
                    SELECT state AS State, pages_done AS PagesDone, error_code AS ErrorCode, error_message AS ErrorMessage, node_id AS NodeId
                    FROM fetch_sessions WHERE id = @Id
                    """, new { Id = fetchId }, cancellationToken: cancel.Token));
                if (condition(row))
                {
                    return row;
                }
            }

            await _signal.WaitAsync(cancel.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        await _listener.DisposeAsync();
        _signal.Dispose();
        _stop.Dispose();
    }

    internal sealed record FetchRow(string State, int PagesDone, string? ErrorCode, string? ErrorMessage, string? NodeId);
}
