using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Tests.Simulator;
using Maimai.Testing.Scraping;

namespace Maimai.Scraping.Tests.Fetching;

/// <summary>Sessions: the rotating userId, the clal login gateway, and renewing a stale stored session.</summary>
public sealed class ScraperSessionTests
{
    [Fact]
    public async Task In_strict_mode_every_request_uses_the_newest_user_id_and_the_fetch_succeeds()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.StrictSessions = true);
        using var scraper = ScraperHarness.For(sim);
        var first = sim.Sessions.Current!;

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(first));

        ScraperHarness.DataOf(result);
        Assert.True(sim.Requests.Total > 10);
        Assert.Equal(0, sim.Requests.Count(PageKind.Error));
        Assert.Equal(sim.Sessions.Current, result.SessionCookies["userId"]);
        Assert.False(sim.Sessions.IsValid(first));

        // The stale value is refused; the cookies the scrape handed back carry on.
        var stale = await scraper.RunAsync(ScraperHarness.WithUserId(first));
        ScraperHarness.FailureOf<TokenExpiredFailure>(stale);
        var next = await scraper.RunAsync(new ScrapeRequest(
            new DxNetSession(new MaimaiToken(MaimaiTokenKind.UserId, first), result.SessionCookies), ScrapeInputs.NothingKnown.After(result.Data!)));
        Assert.True(ScraperHarness.DataOf(next).Scores.IsUnchanged);
    }

    [Fact]
    public async Task A_scrape_that_fails_half_way_hands_back_the_newest_session()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.StrictSessions = true);
        using var scraper = ScraperHarness.For(sim);
        var first = sim.Sessions.Current!;
        sim.Faults.Add(FaultRule.After(FaultKind.ServiceUnavailable, 4));

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(first));

        ScraperHarness.FailureOf<NetworkFailure>(result);
        Assert.False(sim.Sessions.IsValid(first));
        Assert.Equal(sim.Sessions.Current, result.SessionCookies["userId"]);
        Assert.True(sim.Sessions.IsValid(result.SessionCookies["userId"]));
    }

    [Fact]
    public async Task A_cancelled_scrape_hands_back_the_newest_session_with_its_cancellation()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.StrictSessions = true);
        using var scraper = ScraperHarness.For(sim);
        var first = sim.Sessions.Current!;
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Stage == FetchStage.Scores && p.PagesDone == 3)
            {
                cancel.Cancel();
            }
        });

        var canceled = await Assert.ThrowsAsync<ScrapeCanceledException>(() =>
            scraper.ScrapeAsync(ScraperHarness.WithUserId(first), progress, cancel.Token).WaitAsync(TestSimulator.Timeout));

        Assert.Equal(cancel.Token, canceled.CancellationToken);
        Assert.False(sim.Sessions.IsValid(first));
        Assert.Equal(sim.Sessions.Current, canceled.SessionCookies["userId"]);
    }

    [Fact]
    public async Task A_clal_token_logs_in_through_the_gateway_first()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.StrictSessions = true);
        using var scraper = ScraperHarness.For(sim);
        var token = new MaimaiToken(MaimaiTokenKind.Clal, sim.Sessions.ClalToken);
        var stages = new List<FetchStage>();

        var result = await scraper.RunAsync(new ScrapeRequest(ScrapeInputs.SessionOf(token), ScrapeInputs.NothingKnown), new SyncProgress(p => stages.Add(p.Stage)));

        ScraperHarness.DataOf(result);
        Assert.Equal(1, sim.Requests.Count(PageKind.Login));
        Assert.Equal(PageKind.Login, sim.Requests.Entries()[0].Kind);
        Assert.Equal(0, sim.Requests.Count(PageKind.Home));
        Assert.Equal(FetchStage.Login, stages[0]);
        Assert.False(result.SessionCookies.ContainsKey("clal"));
        Assert.Equal(sim.Sessions.Current, result.SessionCookies["userId"]);
    }

    [Fact]
    public async Task A_stale_stored_session_is_renewed_from_the_clal_token()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var scraper = ScraperHarness.For(sim);
        var stored = new Dictionary<string, string> { ["userId"] = "0000000000000000001" };
        var token = new MaimaiToken(MaimaiTokenKind.Clal, sim.Sessions.ClalToken);

        var result = await scraper.RunAsync(new ScrapeRequest(new DxNetSession(token, stored), ScrapeInputs.NothingKnown));

        ScraperHarness.DataOf(result);
        Assert.Equal([PageKind.PlayerData, PageKind.Error, PageKind.Login, PageKind.PlayerData],
            sim.Requests.Entries().Take(4).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_clal_token_the_gateway_refuses_is_token_expired()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var scraper = ScraperHarness.For(sim);
        sim.Sessions.ClalValid = false;

        var result = await scraper.RunAsync(new ScrapeRequest(
            ScrapeInputs.SessionOf(new MaimaiToken(MaimaiTokenKind.Clal, sim.Sessions.ClalToken)), ScrapeInputs.NothingKnown));

        Assert.Contains("login gateway", ScraperHarness.FailureOf<TokenExpiredFailure>(result).Message, StringComparison.Ordinal);
        Assert.Equal(0, sim.Requests.Count(PageKind.PlayerData));
    }

    [Fact]
    public async Task A_clal_token_for_japan_is_refused_without_a_request()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = Region.Jp);
        using var scraper = ScraperHarness.For(sim);

        var result = await scraper.RunAsync(new ScrapeRequest(ScrapeInputs.SessionOf(new MaimaiToken(MaimaiTokenKind.Clal, "x")), ScrapeInputs.NothingKnown));

        Assert.Contains("userId token only", ScraperHarness.FailureOf<TokenExpiredFailure>(result).Message, StringComparison.Ordinal);
        Assert.Equal(0, sim.Requests.Total);
    }

    [Fact]
    public async Task Progress_counts_every_page_up_to_the_final_total()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.RotateSessionOnEveryResponse = false);
        using var scraper = ScraperHarness.For(sim);
        var reports = new List<ScrapeProgress>();

        var result = await scraper.RunAsync(ScraperHarness.WithUserId(sim), new SyncProgress(reports.Add));

        ScraperHarness.DataOf(result);
        var last = reports[^1];
        Assert.Equal(sim.Requests.Total, last.PagesDone);
        Assert.Equal(last.PagesTotal, last.PagesDone);
        Assert.All(reports.Zip(reports.Skip(1)), pair => Assert.True(pair.Second.PagesDone >= pair.First.PagesDone));
        Assert.All(reports, r => Assert.True(r.PagesDone <= r.PagesTotal));
        Assert.Equal([FetchStage.PlayerData, FetchStage.Scores, FetchStage.Record, FetchStage.PlayDetails, FetchStage.MusicDetails],
            reports.Select(r => r.Stage).Distinct());
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and race the asserts).</summary>
    private sealed class SyncProgress(Action<ScrapeProgress> report) : IProgress<ScrapeProgress>
    {
        public void Report(ScrapeProgress value) => report(value);
    }
}
