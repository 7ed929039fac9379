using Maimai.Core.Accounts;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Tests.Fetching;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>The check on save goes through the region's plugin with its options and the service clock, as a fetch does.</summary>
public sealed class TokenCheckClockTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task In_the_daily_maintenance_window_the_check_sends_nothing_and_nothing_is_saved_until_0700_JST()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var player = await new UserRepository(world.Database).UpsertByDiscordIdAsync("43", "night owl", FetchWorld.Start).WaitAsync(Timeout);
        world.Clock.Advance(TimeSpan.FromHours(17)); // 05:00 JST

        var saved = await node.Tokens.SetAsync(player.Id, world.Region, "userId=" + world.Simulator.Sessions.Issue(), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(DxNetTokenSaveOutcome.SiteUnavailable, saved.Outcome);
        Assert.Equal(TimeSpan.FromHours(2), saved.RetryAfter);
        Assert.Contains("04:00 to 07:00 JST", saved.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.Simulator.Requests.Total);
        Assert.False((await node.Tokens.GetStatusAsync(player.Id, world.Region, CancellationToken.None).WaitAsync(Timeout)).IsSet);

        // At 07:00 JST the same token is checked and saved.
        world.Clock.Advance(TimeSpan.FromHours(2));
        var later = await node.Tokens.SetAsync(player.Id, world.Region, "userId=" + world.Simulator.Sessions.Current, CancellationToken.None).WaitAsync(Timeout);
        Assert.True(later.IsSaved, later.Message);
        Assert.Equal(world.Clock.GetUtcNow(), (await node.Tokens.GetStatusAsync(player.Id, world.Region, CancellationToken.None).WaitAsync(Timeout)).ValidAt);
    }
}
