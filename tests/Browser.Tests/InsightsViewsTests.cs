using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using Maimai.Grpc.Contracts.V1;
using Maimai.DxNetSimulator.Player;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using GameDifficulty = Maimai.Core.Game.Difficulty;

namespace Maimai.Browser.Tests;

/// <summary>
/// The insight views of a fetched snapshot: the best 50 shows what GetRating computes (totals, both lists, each
/// chart's contribution), the exports download as files that parse, and after the player improves and fetches
/// again, "What changed" shows the new bests and plays the simulator's data implies.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed partial class InsightsViewsTests(SiteWorld world)
{
    private const float FetchTimeout = 45_000;

    private static readonly CultureInfo Shown = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>More than the server's minute between two starts.</summary>
    private static readonly TimeSpan PastTheMinute = TimeSpan.FromSeconds(61);

    private static readonly Method<GetRatingRequest, GetRatingResponse> GetRating = PlayerTab.Unary<GetRatingRequest, GetRatingResponse>("InsightsService", "GetRating");

    private static readonly Method<GetSnapshotDiffRequest, GetSnapshotDiffResponse> GetSnapshotDiff =
        PlayerTab.Unary<GetSnapshotDiffRequest, GetSnapshotDiffResponse>("InsightsService", "GetSnapshotDiff");

    private static readonly Method<GetRecommendationsRequest, GetRecommendationsResponse> GetRecommendations =
        PlayerTab.Unary<GetRecommendationsRequest, GetRecommendationsResponse>("InsightsService", "GetRecommendations");

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task The_best_50_shows_what_GetRating_computes_and_the_exports_parse(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "insights-b50");
        await tab.SignInWithDiscordAsync("Rated " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        await FetchAsync(tab);
        var simulated = world.Intl.Snapshot();

        var rating = await tab.CallAsync(GetRating, new GetRatingRequest { LatestForRegion = Maimai.Grpc.Contracts.V1.Region.Intl });

        var card = tab.Card("Rating (B50)");
        // The world imports the simulators' songs (versions, internal levels), so both lists are filled.
        Assert.True(rating.Rating > 0, "a rated B50");
        Assert.Equal(rating.Rating, rating.NewTotal + rating.OldTotal);
        Assert.NotEmpty(rating.NewBest);
        Assert.NotEmpty(rating.OldBest);
        await Expect(card.GetByText("No scores to rate in this snapshot.")).ToHaveCountAsync(0);
        await Expect(card.Locator("[data-total=computed]")).ToContainTextAsync(
            $"{Count(rating.Rating)} new {Count(rating.NewTotal)} + old {Count(rating.OldTotal)}");
        await Expect(card.Locator("[data-total=site]")).ToHaveTextAsync(rating.HasSiteRating ? Count(rating.SiteRating) : "not shown");
        var tables = card.Locator("table.best");
        var lists = new[] { rating.NewBest, rating.OldBest };
        await Expect(tables).ToHaveCountAsync(2);
        for (var i = 0; i < lists.Length; i++)
        {
            var rows = tables.Nth(i).Locator("tbody tr");
            await Expect(rows).ToHaveCountAsync(lists[i].Count);
            // Every chart's contribution in the RPC's order, and what the first one's next rank adds.
            await Expect(rows.Locator("[data-contribution]")).ToHaveTextAsync(lists[i].Select(c => Count(c.Contribution)).ToArray());
            await Expect(rows.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(lists[i].Select(c => c.Title).ToArray());
            var first = lists[i][0];
            if (first.HasNextRankGain)
            {
                await Expect(rows.First).ToContainTextAsync($": +{Count(first.NextRankGain)}");
            }
        }

        Assert.True(rating.NewBest.Count <= 15 && rating.OldBest.Count <= 35, "the RPC keeps 15 new and 35 old");
        await Expect(card.GetByText($"New songs: best {rating.NewBest.Count} of 15")).ToHaveCountAsync(rating.NewBest.Count > 0 ? 1 : 0);
        await Expect(card.GetByText($"Older songs: best {rating.OldBest.Count} of 35")).ToHaveCountAsync(rating.OldBest.Count > 0 ? 1 : 0);
        if (rating.HasSiteRating && rating.SiteRating != rating.Rating && rating.UnknownLevels.Count > 0)
        {
            await card.Locator("details.unknown summary").ClickAsync();
            await Expect(card.Locator("details.unknown li")).ToHaveCountAsync(rating.UnknownLevels.Count);
        }

        // Nothing on the page is wider than the screen: the tables scroll inside their card.
        Assert.True(await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= tab.Screen.Width,
            "the page scrolls sideways");
        await card.ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync("b50");

        // Worth improving: the RPC's charts in its order, each with what its next rank adds.
        var found = await tab.CallAsync(GetRecommendations, new GetRecommendationsRequest { SnapshotId = rating.SnapshotId, Limit = 20 });
        var recommend = tab.Card("Worth improving");
        Assert.NotEmpty(found.Recommendations);
        var lines = recommend.Locator("tbody tr");
        await Expect(lines).ToHaveCountAsync(found.Recommendations.Count);
        await Expect(lines.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(found.Recommendations.Select(r => r.Chart.Title).ToArray());
        await Expect(lines.Locator("[data-gain=next]")).ToHaveTextAsync(
            found.Recommendations.Select(r => new Regex("^\\+" + Regex.Escape(Count(r.NextRankGain)))).ToArray());

        // One fetch so far: nothing earlier to compare with.
        await Expect(tab.Card("What changed")).ToContainTextAsync("There is no earlier snapshot to compare with");

        var export = tab.Card("Export");
        var csv = await DownloadAsync(tab, export, "Download CSV", "csv");
        var records = CsvRecords(csv);
        Assert.True(records.Count > 1, "a header and rows");
        Assert.Contains(records[0], f => f.Contains("achievement", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(simulated.Scores.Count, records.Count - 1); // one row per played chart
        Assert.All(records, r => Assert.Equal(records[0].Count, r.Count));
        await Expect(export.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex(@"^Saved maimai-intl-\d{4}-\d{2}-\d{2}-\d+\.csv\.$"));

        using (var json = JsonDocument.Parse(await DownloadAsync(tab, export, "Download JSON", "json")))
        {
            Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        }

        using (var tachi = JsonDocument.Parse(await DownloadAsync(tab, export, "Download for Kamai Tachi", "tachi.json")))
        {
            Assert.Equal("maimaidx", tachi.RootElement.GetProperty("head").GetProperty("game").GetString());
            var utage = simulated.Scores.Count(s => s.Difficulty == GameDifficulty.Utage);
            Assert.Equal(simulated.Scores.Count - utage, tachi.RootElement.GetProperty("body").GetArrayLength());
        }

        await tab.ScreenshotAsync("exported");
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task After_the_player_improves_what_changed_shows_the_new_bests_and_plays(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "insights-diff");
        await tab.SignInWithDiscordAsync("Improver " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        // The page's timers and Date run on a clock the test moves on past the server's minute, below.
        await tab.Page.Clock.InstallAsync();
        await FetchAsync(tab);

        // The player plays three MASTER charts far above their skill: one never played, two played before.
        var before = world.Intl.Snapshot();
        var masters = before.Songs.Where(s => !s.IsUtage && s.Find(GameDifficulty.Master) is not null).ToList();
        var fresh = masters.First(s => before.ScoreOf(s.Id, GameDifficulty.Master) is null);
        var played = masters.Where(s => before.ScoreOf(s.Id, GameDifficulty.Master) is { } b && b.Achievement.TenThousandths < 1_000_000).Take(2);
        var charts = played.Prepend(fresh).Select(s => s.Id).ToList();
        world.Intl.AddPlays([.. charts.Select(id => new PlayRequest(id, GameDifficulty.Master) { SkillTenths = 200 })]);
        var after = world.Intl.Snapshot();
        var newBests = charts.Count(id =>
            before.ScoreOf(id, GameDifficulty.Master) is not { } was || after.ScoreOf(id, GameDifficulty.Master)!.Achievement > was.Achievement);
        Assert.True(newBests >= 1, "the first play of a chart is a new best");

        // The server's one start a minute passes without being waited: its clock and the page's move on by it.
        world.Clock.Shift = PastTheMinute;
        try
        {
            await tab.Page.Clock.FastForwardAsync((long)PastTheMinute.TotalMilliseconds);
            await FetchAsync(tab);
        }
        finally
        {
            world.Clock.Shift = TimeSpan.Zero;
        }

        var diff = await tab.CallAsync(GetSnapshotDiff, new GetSnapshotDiffRequest
        {
            SnapshotId = (await tab.CallAsync(GetRating, new GetRatingRequest { LatestForRegion = Maimai.Grpc.Contracts.V1.Region.Intl })).SnapshotId,
        });

        var card = tab.Card("What changed");
        // The simulator stamps a credit's tracks a gap apart ending now, so any of the three may fall before the
        // first snapshot was taken (it counts by play time): at most three are new.
        Assert.InRange(diff.NewPlays, 0, 3);
        await Expect(card.Locator("[data-diff=plays]")).ToHaveTextAsync(Count(diff.NewPlays));
        await Expect(card.Locator("[data-diff=bests]")).ToHaveTextAsync(Count(newBests));
        var change = diff.RatingChange > 0 ? $"+{Count(diff.RatingChange)}" : diff.RatingChange < 0 ? $"−{Count(-diff.RatingChange)}" : "±0";
        await Expect(card.Locator("[data-diff=rating]")).ToHaveTextAsync($"{Count(diff.PreviousRating)} → {Count(diff.Rating)} ({change})");
        Assert.Equal(diff.Rating - diff.PreviousRating, diff.RatingChange);
        var rows = card.Locator("table.changes tbody tr");
        await Expect(rows).ToHaveCountAsync(diff.Changes.Count);
        Assert.Contains(diff.Changes, c => c.Title == fresh.Title && c.NewBest && !c.HasPreviousAchievementX10000);
        await Expect(rows.Filter(new LocatorFilterOptions { HasText = fresh.Title })).ToContainTextAsync("first play");
        await Expect(card.GetByText("Entered the best 50")).ToHaveCountAsync(diff.EnteredBest.Count > 0 ? 1 : 0);
        await Expect(card.GetByText("Left the best 50")).ToHaveCountAsync(diff.LeftBest.Count > 0 ? 1 : 0);
        Assert.True(await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= tab.Screen.Width,
            "the page scrolls sideways");
        await card.ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync("diff");
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    private static string Count(int n) => n.ToString("N0", Shown);

    /// <summary>Fetch now (once the button is back) and wait for the new snapshot.</summary>
    private static async Task FetchAsync(PlayerTab tab)
    {
        var fetch = tab.Card("Fetch");
        var button = fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" });
        await Expect(button).ToBeEnabledAsync();
        await button.ClickAsync();
        await Expect(fetch.GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: a new snapshot is saved.", new LocatorAssertionsToHaveTextOptions { Timeout = FetchTimeout });
    }

    /// <summary>Clicks a download button and reads the file the browser saved, checking its name.</summary>
    private static async Task<string> DownloadAsync(PlayerTab tab, ILocator card, string button, string extension)
    {
        var download = await tab.Page.RunAndWaitForDownloadAsync(
            () => card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = button }).ClickAsync());
        Assert.Matches($@"^maimai-intl-\d{{4}}-\d{{2}}-\d{{2}}-\d+\.{Regex.Escape(extension)}$", download.SuggestedFilename);
        var path = await download.PathAsync();
        return await File.ReadAllTextAsync(path, Encoding.UTF8).WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks.</summary>
    private static List<List<string>> CsvRecords(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                record.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
