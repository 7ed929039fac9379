using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maimai.DxNetSimulator.Requests;

namespace Maimai.Scraping.Tests.Simulator;

public sealed class ControlApiTests
{
    [Fact]
    public async Task State_json_matches_the_in_process_snapshot()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUrl };
        var snapshot = sim.Snapshot();

        using var json = JsonDocument.Parse(await http.GetStringAsync("/_sim/state").WaitAsync(TestSimulator.Timeout));
        var root = json.RootElement;

        Assert.Equal("Intl", root.GetProperty("region").GetString());
        Assert.Equal(snapshot.Profile.Name, root.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(snapshot.Profile.Rating, root.GetProperty("profile").GetProperty("rating").GetInt32());
        Assert.Equal(snapshot.Songs.Count, root.GetProperty("songs").GetArrayLength());
        Assert.Equal(snapshot.Scores.Count, root.GetProperty("scores").GetArrayLength());
        Assert.Equal(snapshot.Recent[0].Idx, root.GetProperty("recent")[0].GetProperty("idx").GetString());
        Assert.Equal(50, root.GetProperty("recent").GetArrayLength());
    }

    [Fact]
    public async Task Adding_plays_through_the_api_changes_the_record_and_play_count()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUrl };
        var before = sim.Snapshot();

        using var response = await http.PostAsJsonAsync("/_sim/plays", new { count = 4 }).WaitAsync(TestSimulator.Timeout);
        var after = sim.Snapshot();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before.Profile.TotalPlayCount + 2, after.Profile.TotalPlayCount);
        Assert.Equal(before.Recent[0], after.Recent[4]);
        Assert.Equal([1, 3, 2, 1], after.Recent.Take(4).Select(p => p.Track));
    }

    [Fact]
    public async Task A_chosen_play_through_the_api_lands_on_that_chart()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUrl };

        using var response = await http.PostAsJsonAsync("/_sim/plays",
            new { plays = new[] { new { songId = 3, difficulty = "Expert", skillTenths = 200 } } }).WaitAsync(TestSimulator.Timeout);
        var play = sim.Snapshot().Recent[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((3, Core.Game.Difficulty.Expert), (play.SongId, play.Difficulty));
    }

    [Fact]
    public async Task Bad_play_requests_get_400_with_a_message()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUrl };

        using var noChart = await http.PostAsJsonAsync("/_sim/plays",
            new { plays = new[] { new { songId = 99999, difficulty = "Master" } } }).WaitAsync(TestSimulator.Timeout);
        using var noCount = await http.PostAsJsonAsync("/_sim/plays", new { count = 0 }).WaitAsync(TestSimulator.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, noChart.StatusCode);
        Assert.Contains("no Master chart", await noChart.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noCount.StatusCode);
    }

    [Fact]
    public async Task Session_endpoints_login_rotate_expire_and_set_policy()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUrl };

        var login = await PostForUserIdAsync(http, "/_sim/session/login");
        var rotated = await PostForUserIdAsync(http, "/_sim/session/rotate");
        using var policy = await http.PutAsJsonAsync("/_sim/session", new { strict = true, clalValid = false }).WaitAsync(TestSimulator.Timeout);
        using var expire = await http.PostAsync("/_sim/session/expire", null).WaitAsync(TestSimulator.Timeout);

        Assert.NotEqual(login, rotated);
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        Assert.True(sim.Sessions.Strict);
        Assert.False(sim.Sessions.ClalValid);
        Assert.Equal(HttpStatusCode.NoContent, expire.StatusCode);
        Assert.Null(sim.Sessions.Current);
        Assert.False(sim.Sessions.IsValid(rotated));
    }

    [Fact]
    public async Task Fault_endpoints_add_list_and_clear()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUrl };
        using var client = new SiteClient(sim);

        using var added = await http.PostAsJsonAsync("/_sim/faults", new { kind = "ServiceUnavailable", page = "Record", times = (int?)null })
            .WaitAsync(TestSimulator.Timeout);
        using var failing = await client.GetAsync("/maimai-mobile/record/");
        using var cleared = await http.DeleteAsync("/_sim/faults").WaitAsync(TestSimulator.Timeout);
        using var working = await client.GetAsync("/maimai-mobile/record/");
        using var bad = await http.PostAsJsonAsync("/_sim/faults", new { kind = "ErrorPage", times = -2 }).WaitAsync(TestSimulator.Timeout);
        using var latency = await http.PutAsJsonAsync("/_sim/latency", new { milliseconds = 5 }).WaitAsync(TestSimulator.Timeout);

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, working.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, latency.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(5), sim.Faults.Latency);
    }

    [Fact]
    public async Task The_request_log_counts_pages_by_kind_and_resets()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUrl };
        using var client = new SiteClient(sim);
        for (var diff = 0; diff <= 4; diff++)
        {
            await client.GetPageAsync($"/maimai-mobile/record/musicGenre/search/?genre=99&diff={diff}");
        }

        await client.GetPageAsync("/maimai-mobile/playerData/");
        await client.GetPageAsync("/maimai-mobile/record/");

        Assert.Equal(5, sim.Requests.Count(PageKind.ScoreList));
        Assert.Equal(1, sim.Requests.Count(PageKind.PlayerData));
        Assert.Equal(1, sim.Requests.Count(PageKind.Record));
        Assert.Equal(7, sim.Requests.Total);
        Assert.Equal("/maimai-mobile/record/musicGenre/search/?genre=99&diff=2", sim.Requests.Entries()[2].PathAndQuery);

        using var json = JsonDocument.Parse(await http.GetStringAsync("/_sim/requests").WaitAsync(TestSimulator.Timeout));
        Assert.Equal(7, json.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(5, json.RootElement.GetProperty("counts").GetProperty("ScoreList").GetInt32());

        using var reset = await http.DeleteAsync("/_sim/requests").WaitAsync(TestSimulator.Timeout);
        Assert.Equal(0, sim.Requests.Total);
        Assert.Equal(0, sim.Requests.Count(PageKind.ScoreList));
    }

    private static async Task<string> PostForUserIdAsync(HttpClient http, string path)
    {
        using var response = await http.PostAsync(path, null).WaitAsync(TestSimulator.Timeout);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("userId").GetString()!;
    }
}
