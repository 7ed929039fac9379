using System.Net;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;

namespace Maimai.Scraping.Tests.Simulator;

public sealed class FaultTests
{
    private const string PlayerData = "/maimai-mobile/playerData/";
    private const string Master = "/maimai-mobile/record/musicGenre/search/?genre=99&diff=3";

    [Theory]
    [InlineData(Region.Intl, "Sorry, servers are under maintenance.")]
    [InlineData(Region.Jp, "定期メンテナンス中です")]
    public async Task Maintenance_answers_the_maintenance_page_even_without_a_session(Region region, string text)
    {
        await using var sim = await TestSimulator.StartAsync(o => o.Region = region);
        using var client = new SiteClient(sim) { UserId = null };
        sim.Faults.Add(FaultRule.Once(FaultKind.MaintenancePage));

        var html = await client.GetPageAsync(PlayerData);

        Assert.Contains(text, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_fault_redirects_to_the_error_page_with_its_code()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.ErrorPage) with { ErrorCode = 200002 });

        using var response = await client.GetAsync(PlayerData);
        var error = await client.GetPageAsync(response.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("ERROR CODE：200002", error, StringComparison.Ordinal);
        Assert.Contains("The connection time has been expired. Please try again later.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_unavailable_is_a_503()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.ServiceUnavailable));

        using var response = await client.GetAsync(PlayerData);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task A_truncated_body_fails_the_read()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.TruncatedBody));

        var error = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.GetAsync(Master, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsStringAsync().WaitAsync(TestSimulator.Timeout);
        });

        Assert.True(error is HttpRequestException or IOException, $"Expected a failed read, got {error?.GetType().Name ?? "success"}.");
    }

    [Fact]
    public async Task A_slow_body_arrives_complete()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.RotateSessionOnEveryResponse = false);
        using var client = new SiteClient(sim);
        var normal = await client.GetPageAsync(Master);
        sim.Faults.Add(FaultRule.Once(FaultKind.SlowBody) with { SlowBodyDuration = TimeSpan.FromMilliseconds(200) });

        var slow = await client.GetPageAsync(Master);

        Assert.Equal(normal, slow);
    }

    [Fact]
    public async Task A_very_slow_body_sends_headers_but_holds_back_the_body()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.SlowBody) with { SlowBodyDuration = TimeSpan.FromMinutes(10) });

        using var response = await client.GetAsync(Master, HttpCompletionOption.ResponseHeadersRead);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => response.Content.ReadAsStringAsync(cancel.Token));
    }

    [Fact]
    public async Task A_fault_applies_once_then_pages_are_normal()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        sim.Faults.Add(FaultRule.Once(FaultKind.ServiceUnavailable));

        var statuses = await StatusesAsync(client, PlayerData, 3);

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Empty(sim.Faults.Active());
    }

    [Fact]
    public async Task A_fault_applies_n_times()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        sim.Faults.Add(FaultRule.Repeated(FaultKind.ServiceUnavailable, 2));

        var statuses = await StatusesAsync(client, PlayerData, 3);

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task A_fault_after_the_nth_request_of_a_kind_fails_a_fetch_in_the_middle()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var client = new SiteClient(sim);
        sim.Faults.Add(FaultRule.After(FaultKind.ServiceUnavailable, 2, PageKind.ScoreList));

        var first = await StatusesAsync(client, Master, 2);
        var player = await StatusesAsync(client, PlayerData, 1);
        var later = await StatusesAsync(client, Master, 2);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], first);
        Assert.Equal([HttpStatusCode.OK], player);
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable], later);
    }

    [Fact]
    public void Bad_fault_rules_are_refused()
    {
        var faults = new FaultControl();

        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Add(new FaultRule(FaultKind.ErrorPage) { Times = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Add(new FaultRule(FaultKind.ErrorPage) { Skip = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Latency = TimeSpan.FromSeconds(-1));
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(SiteClient client, string page, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(page);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
