using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Requests;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Tests.Simulator;
using Maimai.Testing.Scraping;

namespace Maimai.Scraping.Tests.Fetching;

/// <summary>Auto-refresh's poll: the total play count from one playerData request, on both sites, and nothing in the maintenance window.</summary>
public sealed class PlayCountReadTests
{
    [Theory]
    [InlineData(Region.Intl)]
    [InlineData(Region.Jp)]
    public async Task The_total_play_count_costs_one_request_and_follows_new_plays(Region region)
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = region);
        using var scraper = ScraperHarness.For(sim);
        var session = new DxNetSession(new MaimaiToken(MaimaiTokenKind.UserId, sim.Sessions.Current!), new Dictionary<string, string>());

        var first = await scraper.ReadPlayCountAsync(session, CancellationToken.None).WaitAsync(TestSimulator.Timeout);

        Assert.Null(first.Failure);
        Assert.Equal(sim.Snapshot().Profile.TotalPlayCount, first.TotalPlayCount);
        Assert.Equal(1, sim.Requests.Total);
        Assert.Equal(1, sim.Requests.Count(PageKind.PlayerData));

        sim.AddPlays(3);
        var next = await scraper.ReadPlayCountAsync(session with { Cookies = first.SessionCookies }, CancellationToken.None).WaitAsync(TestSimulator.Timeout);
        Assert.True(next.TotalPlayCount > first.TotalPlayCount, next.ToString());
        Assert.Equal(sim.Snapshot().Profile.TotalPlayCount, next.TotalPlayCount);
        Assert.Equal(sim.Sessions.Current, next.SessionCookies["userId"]);
    }

    [Fact]
    public async Task A_refused_session_is_token_expired()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = Region.Jp);
        using var scraper = ScraperHarness.For(sim);
        var session = new DxNetSession(new MaimaiToken(MaimaiTokenKind.UserId, sim.Sessions.Current!), new Dictionary<string, string>());
        sim.Sessions.ExpireAll();

        var result = await scraper.ReadPlayCountAsync(session, CancellationToken.None).WaitAsync(TestSimulator.Timeout);

        Assert.Null(result.TotalPlayCount);
        Assert.Equal(FetchErrorCode.TokenExpired, result.Failure?.Code);
    }

    [Fact]
    public async Task The_maintenance_window_sends_nothing()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = Region.Intl);
        using var scraper = ScraperHarness.For(sim, new ManualClock(new DateTimeOffset(2025, 6, 2, 4, 30, 0, TimeSpan.FromHours(9))));
        var session = new DxNetSession(new MaimaiToken(MaimaiTokenKind.UserId, sim.Sessions.Current!), new Dictionary<string, string>());

        var result = await scraper.ReadPlayCountAsync(session, CancellationToken.None).WaitAsync(TestSimulator.Timeout);

        Assert.IsType<MaintenanceFailure>(result.Failure);
        Assert.Equal(0, result.RequestCount);
        Assert.Equal(0, sim.Requests.Total);
    }
}
