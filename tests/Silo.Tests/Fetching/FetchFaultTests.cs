using Maimai.Core.Fetching;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Silo.Fetching;
using Maimai.Silo.Fetching.Internal;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// A fetch that goes wrong half-way fails with its stable code and a message for the player. Before its snapshot is
/// stored it leaves the database exactly as it was: every earlier snapshot, score version, play and song row, byte
/// for byte; in its detail phase the stored snapshot stays and the unread detail waits for the next fetch. The
/// session cookie the site rotated to on the way is kept all the same (the simulator's sessions are strict, so
/// only the newest one works): the next fetch succeeds with the stored token, unless the site said the session
/// had expired.
/// </summary>
public sealed class FetchFaultTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Faults => ["503", "truncated", "error-page", "session-expired", "maintenance-page"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_half_way_fails_the_fetch_and_leaves_the_earlier_snapshots_untouched(string fault)
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var first = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(first.State == FetchState.Completed, $"{first.ErrorMessage}\n{node.Logs}");
        var before = await world.DumpAsync();

        // New plays, so the next fetch reads score lists, plays and songs; the fault strikes in their middle.
        world.Simulator.AddPlays(3);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        // Error pages strike once: the rule would otherwise send the error page itself to the error page.
        var (rule, code, message) = fault switch
        {
            "503" => (FaultRule.After(FaultKind.ServiceUnavailable, 8), FetchErrorCode.Network, "could not be reached"),
            "truncated" => (FaultRule.After(FaultKind.TruncatedBody, 1, PageKind.PlaylogDetail), FetchErrorCode.Network, "could not be reached"),
            "error-page" => (FaultRule.After(FaultKind.ErrorPage, 5) with { Times = 1, ErrorCode = 200002 }, FetchErrorCode.SiteError, "ERROR CODE 200002"),
            "session-expired" => (FaultRule.After(FaultKind.ErrorPage, 5) with { Times = 1, ErrorCode = 100001 }, FetchErrorCode.TokenExpired, "Save a new token"),
            _ => (FaultRule.After(FaultKind.MaintenancePage, 5), FetchErrorCode.Maintenance, "maintenance"),
        };
        world.Simulator.Requests.Reset();
        var sessionBefore = world.Simulator.Sessions.Current;
        world.Simulator.Faults.Add(rule);

        var failed = await node.FetchToEndAsync(world.UserId, world.Region);

        Assert.Equal(FetchState.Failed, failed.State);
        Assert.True(code == failed.ErrorCode, $"{failed.ErrorCode}: {failed.ErrorMessage}\n{node.Logs}\n{string.Join("\n", world.Simulator.Requests.Entries())}");
        Assert.Contains(message, failed.ErrorMessage, StringComparison.Ordinal);
        Assert.True(world.Simulator.Requests.Total > 5, $"the fault struck after {world.Simulator.Requests.Total} requests, not half-way");
        Assert.NotEqual(sessionBefore, world.Simulator.Sessions.Current); // the site rotated the session before the fault

        // Before the snapshot's 8 pages were read nothing is stored; after them (in the detail phase) the snapshot is
        // stored and stays, its unread detail left queued for the next fetch.
        var inDetail = fault is "503" or "truncated";
        if (inDetail)
        {
            Assert.NotNull(failed.SnapshotId);
            Assert.True(await world.CountAsync("SELECT COUNT(*) FROM pending_play_details") > 0, "no detail was left queued");
        }
        else
        {
            Assert.Null(failed.SnapshotId);
            Assert.Equal(before, await world.DumpAsync());
        }

        var token = await node.Tokens.GetStatusAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(code == FetchErrorCode.TokenExpired ? failed.ErrorMessage : null, token.LastError);
        Assert.Empty(node.Logs.Errors);

        // The site is well again; the player changes nothing.
        world.Simulator.Faults.Clear();
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var next = await node.FetchToEndAsync(world.UserId, world.Region);
        if (code == FetchErrorCode.TokenExpired)
        {
            // The site ended the session: the token stays marked as refused until the player saves a new one.
            Assert.Equal(FetchErrorCode.TokenExpired, next.ErrorCode);
            Assert.Equal(FetchErrors.TokenExpiredMessage, next.ErrorMessage);
            token = await node.Tokens.GetStatusAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout);
            Assert.Equal(FetchErrors.TokenExpiredMessage, token.LastError);
            Assert.Equal(before, await world.DumpAsync());
        }
        else
        {
            Assert.True(next.State == FetchState.Completed, $"{next.ErrorCode}: {next.ErrorMessage}\n{node.Logs}");
            Assert.NotNull(next.SnapshotId);
            Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM pending_play_details") + await world.CountAsync("SELECT COUNT(*) FROM pending_chart_details"));
        }
    }

    [Fact]
    public async Task A_commit_that_fails_keeps_the_rotated_session_so_the_next_fetch_succeeds()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var probe = new FailingCommitProbe();
        var node = await world.StartNodeAsync(services: s => s.AddSingleton<IFetchCommitProbe>(probe));
        var first = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(first.State == FetchState.Completed, $"{first.ErrorMessage}\n{node.Logs}");
        var before = await world.DumpAsync();

        world.Simulator.AddPlays(3);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var sessionBefore = world.Simulator.Sessions.Current;
        probe.Armed = true;
        var failed = await node.FetchToEndAsync(world.UserId, world.Region);

        Assert.True(probe.Struck, "the commit probe never ran");
        Assert.Equal(FetchState.Failed, failed.State);
        Assert.Equal(FetchErrorCode.Internal, failed.ErrorCode);
        Assert.Null(failed.SnapshotId);
        Assert.NotEqual(sessionBefore, world.Simulator.Sessions.Current);
        Assert.Equal(before, await world.DumpAsync());

        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var next = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(next.State == FetchState.Completed, $"{next.ErrorCode}: {next.ErrorMessage}\n{node.Logs}");
        var token = await node.Tokens.GetStatusAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout);
        Assert.Null(token.LastError);
    }

    [Fact]
    public async Task A_node_shut_down_mid_fetch_keeps_the_session_it_reached_for_the_next_node()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var first = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(first.State == FetchState.Completed, $"{first.ErrorMessage}\n{node.Logs}");
        await node.DisposeAsync();
        var before = await world.DumpAsync();

        // This node's scraper waits a request gap on the fake clock, which stands still: after playerData (read in
        // full, so its rotated session is in hand) the fetch stays mid-way until the node stops.
        var waiting = await world.StartNodeAsync("node-gap", settings: new Dictionary<string, string?> { [$"Plugins:{world.Region}:RequestGap"] = "00:00:01" });
        world.Simulator.AddPlays(3);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var sessionBefore = world.Simulator.Sessions.Current;
        var started = Assert.IsType<StartFetchOutcome.Started>(
            await waiting.Coordinator.StartFetchAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(Timeout));
        using (var cancel = new CancellationTokenSource(Timeout))
        {
            var stream = await waiting.Coordinator.WatchFetchAsync(world.UserId, started.Fetch.Id, cancel.Token).WaitAsync(cancel.Token);
            Assert.NotNull(stream);
            await foreach (var status in stream.WithCancellation(cancel.Token))
            {
                Assert.False(status.IsTerminal, $"the fetch ended before the node stopped: {status.State} {status.ErrorMessage}");
                if (status.Stage == FetchStage.Scores)
                {
                    break;
                }
            }
        }

        await waiting.DisposeAsync();
        Assert.NotEqual(sessionBefore, world.Simulator.Sessions.Current);

        var other = await world.StartNodeAsync("node-b");
        var failed = await other.Coordinator.GetFetchAsync(world.UserId, started.Fetch.Id, CancellationToken.None).WaitAsync(Timeout);
        Assert.NotNull(failed);
        Assert.Equal(FetchState.Failed, failed.State);
        Assert.Equal(FetchErrors.ShutdownMessage, failed.ErrorMessage);
        Assert.Equal(before, await world.DumpAsync());

        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var next = await other.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(next.State == FetchState.Completed, $"{next.ErrorCode}: {next.ErrorMessage}\n{other.Logs}");
    }

    [Fact]
    public async Task In_the_daily_maintenance_window_the_fetch_fails_at_once_saying_until_when()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        world.Clock.Advance(TimeSpan.FromHours(17)); // 05:00 JST

        var failed = await node.FetchToEndAsync(world.UserId, world.Region);

        Assert.Equal(FetchErrorCode.Maintenance, failed.ErrorCode);
        Assert.Equal("maimai DX NET is in maintenance until 07:00 JST; try again after that.", failed.ErrorMessage);
        Assert.Equal(0, world.Simulator.Requests.Total);
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM user_snapshots"));
    }
}
