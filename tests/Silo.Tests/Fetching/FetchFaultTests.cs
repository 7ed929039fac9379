using Maimai.Core.Fetching;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// A fetch that goes wrong half-way fails with its stable code and a message for the player, and leaves the
/// database exactly as it was: every earlier snapshot, score version, play and song row, byte for byte.
/// </summary>
public sealed class FetchFaultTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    public static TheoryData<string> Faults => ["503", "truncated", "session-expired", "maintenance-page"];

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
        var (rule, code, message) = fault switch
        {
            "503" => (FaultRule.After(FaultKind.ServiceUnavailable, 8), FetchErrorCode.Network, "could not be reached"),
            "truncated" => (FaultRule.After(FaultKind.TruncatedBody, 1, PageKind.PlaylogDetail), FetchErrorCode.Network, "could not be reached"),
            "session-expired" => (FaultRule.After(FaultKind.ErrorPage, 5) with { ErrorCode = 100001 }, FetchErrorCode.TokenExpired, "login has expired"),
            _ => (FaultRule.After(FaultKind.MaintenancePage, 5), FetchErrorCode.Maintenance, "maintenance"),
        };
        world.Simulator.Requests.Reset();
        world.Simulator.Faults.Add(rule);

        var failed = await node.FetchToEndAsync(world.UserId, world.Region);

        Assert.Equal(FetchState.Failed, failed.State);
        Assert.Equal(code, failed.ErrorCode);
        Assert.Contains(message, failed.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(failed.SnapshotId);
        Assert.True(world.Simulator.Requests.Total > 5, $"the fault struck after {world.Simulator.Requests.Total} requests, not half-way");
        Assert.Equal(before, await world.DumpAsync());
        var token = await node.Tokens.GetStatusAsync(world.UserId, world.Region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(code == FetchErrorCode.TokenExpired ? failed.ErrorMessage : null, token.LastError);
        Assert.Empty(node.Logs.Errors);
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
