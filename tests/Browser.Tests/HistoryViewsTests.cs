using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;
using Maimai.DxNetSimulator.Player;
using Maimai.Grpc.Contracts.V1;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using GameDifficulty = Maimai.Core.Game.Difficulty;

namespace Maimai.Browser.Tests;

/// <summary>
/// The history views after two fetches two days apart (the Silo's clock set back for the first), with a MASTER chart
/// played badly before the first and well before the second: the chart's history (opened from its row with the
/// keyboard) shows both of the simulator's achievements, and plays per day and FAST/LATE show what their RPCs answer
/// for the plays the simulator recorded. HistoryViewsTests.Japanese.cs does the same on the Japanese version, in Japanese.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed partial class HistoryViewsTests(SiteWorld world)
{
    private static readonly CultureInfo Shown = CultureInfo.GetCultureInfo("en-GB");

    private static readonly Method<GetPlayActivityRequest, GetPlayActivityResponse> GetPlayActivity =
        PlayerTab.Unary<GetPlayActivityRequest, GetPlayActivityResponse>("InsightsService", "GetPlayActivity");

    private static readonly Method<GetJudgementTrendRequest, GetJudgementTrendResponse> GetJudgementTrend =
        PlayerTab.Unary<GetJudgementTrendRequest, GetJudgementTrendResponse>("InsightsService", "GetJudgementTrend");

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_charts_history_plays_per_day_and_fast_late_show_the_fetched_data(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "history");
        await tab.SignInWithDiscordAsync("Historian " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);

        // A MASTER chart nobody has played on the simulated site yet: badly now, well after the first fetch.
        var start = world.Intl.Snapshot();
        // Its title is the only one of its kind (the catalog may hold a song's STD and DX charts as two songs of one title).
        var song = start.Songs.First(s => !s.IsUtage && s.Find(GameDifficulty.Master) is not null && start.ScoreOf(s.Id, GameDifficulty.Master) is null
            && start.Songs.Count(o => o.Title == s.Title) == 1);
        world.Intl.AddPlays([new PlayRequest(song.Id, GameDifficulty.Master) { SkillTenths = 60 }]);
        var older = world.Intl.Snapshot();
        world.Clock.Shift = -TimeSpan.FromDays(2);
        try
        {
            await tab.FetchNowAsync();
        }
        finally
        {
            world.Clock.Shift = TimeSpan.Zero;
        }

        world.Intl.AddPlays([.. Enumerable.Repeat(new PlayRequest(song.Id, GameDifficulty.Master) { SkillTenths = 200 }, 2)]);
        var newer = world.Intl.Snapshot();
        var (was, now) = (older.ScoreOf(song.Id, GameDifficulty.Master)!, newer.ScoreOf(song.Id, GameDifficulty.Master)!);
        Assert.True(now.Achievement > was.Achievement, "the second session beats the first");
        await tab.FetchNowAsync();
        // The panel shows the new snapshot before the scores are searched (its scores card is remade for it).
        await Expect(tab.Card("Latest snapshot")).ToContainTextAsync($"{newer.Profile.TotalPlayCount} in all");

        // The row's title is a button: the keyboard opens the chart's history in a dialog.
        await tab.Card("Scores").GetByLabel("Search title or artist").FillAsync(song.Title);
        // diff-4 is MASTER's cell (a "Re:MASTER" row would match the text too).
        var row = tab.ScoresTable.Locator("tbody tr").Filter(new LocatorFilterOptions { Has = tab.Page.Locator("td.diff-4") })
            .Filter(new LocatorFilterOptions { Has = tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = song.Title, Exact = true }) });
        await Expect(row).ToHaveCountAsync(1);
        var open = row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = song.Title, Exact = true });
        await open.FocusAsync();
        await tab.Page.Keyboard.PressAsync("Enter");

        var dialog = tab.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync(new Regex($"^History: {Regex.Escape(song.Title)} (STD|DX) MASTER"));
        var versions = dialog.Locator("table.versions tbody tr");
        // Newest first: the simulator's best now, then the best at the first fetch.
        await Expect(versions.Locator("[data-value=achievement]")).ToHaveTextAsync([Percent(now.Achievement.TenThousandths), Percent(was.Achievement.TenThousandths)]);
        await Expect(versions.Locator("[data-value=plays]")).ToHaveTextAsync([Count(now.PlayCount), Count(was.PlayCount)]);
        // A phone gets four columns (the rank, the play count and the largest DX score go under others), a desktop six.
        await Expect(dialog.Locator("table.versions thead th")).ToHaveCountAsync(tab.Screen.IsMobile ? 4 : 6);
        await Expect(dialog.Locator("svg circle.point")).ToHaveCountAsync(2);
        await Expect(dialog.Locator("svg .tick text")).Not.ToHaveCountAsync(0);
        await AssertTopRanksLabelledAsync(dialog, now.Achievement.TenThousandths);
        await Expect(dialog).ToContainTextAsync($"from {Percent(was.Achievement.TenThousandths)}");
        var fit = await FitAsync(tab);
        Assert.True(fit.Dialog, $"the dialog fits the screen: {fit.Detail}");
        Assert.True(fit.Table, $"the table fits the dialog, nothing cut off or scrolled away: {fit.Detail}");
        await ShotAsync(tab, dialog, "chart-history");
        await tab.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(open).ToBeFocusedAsync();

        // Plays per day, the last 90 days in the browser's zone: the view shows what GetPlayActivity counts.
        var (activity, offset) = await PlayActivityOfLast90DaysAsync(tab, Region.Intl);
        var plays = tab.Card("Plays per day");
        await Expect(plays.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex($"^{Regex.Escape(Count(activity.TotalPlays))} plays on {activity.Days.Count} days?;"));
        await Expect(plays.Locator("svg rect.bar")).ToHaveCountAsync(activity.Days.Count);
        await plays.Locator("details summary").ClickAsync();
        await Expect(plays.Locator("details tbody tr td:nth-child(2)")).ToHaveTextAsync([.. activity.Days.Select(d => Count(d.Plays))]);
        await ShotAsync(tab, plays, "plays-per-day");

        // FAST/LATE over the stored plays: every play the simulator listed at either fetch, with its counts.
        var trend = await JudgementTrendOfRecordedPlaysAsync(tab, Region.Intl, offset, older, newer);
        var timing = tab.Card("FAST / LATE");
        var share = (trend.Total.FastSharePerMille / 10m).ToString("0.0", CultureInfo.InvariantCulture);
        await Expect(timing.GetByRole(AriaRole.Status)).ToContainTextAsync(
            $"Over your last {Count(trend.Total.Plays)} plays: FAST {Count(trend.Total.Fast)}, LATE {Count(trend.Total.Late)} ({share}% FAST).");
        await timing.Locator("details summary").ClickAsync();
        await Expect(timing.Locator("details tbody tr")).ToHaveCountAsync(trend.Points.Count);
        Assert.True(await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= tab.Screen.Width, "the page scrolls sideways");
        await ShotAsync(tab, timing, "fast-late");
        await tab.ScreenshotAsync("whole-page");
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    /// <summary>
    /// GetPlayActivity over the last 90 days in the browser's own zone, as the view asks for it; the plays the
    /// simulator recorded today are among the stored ones, so today has a bar.
    /// </summary>
    private static async Task<(GetPlayActivityResponse Activity, int UtcOffsetMinutes)> PlayActivityOfLast90DaysAsync(PlayerTab tab, Region region)
    {
        var zone = (await tab.Page.EvaluateAsync<string>(
            "() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0') + ' ' + -d.getTimezoneOffset(); }")).Split(' ');
        var (today, offset) = (zone[0], int.Parse(zone[1], CultureInfo.InvariantCulture));
        var last = DateOnly.ParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var activity = await tab.CallAsync(GetPlayActivity, new GetPlayActivityRequest
        {
            Region = region,
            FromDate = last.AddDays(-89).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ToDate = today,
            UtcOffsetMinutes = offset,
        });
        Assert.Contains(activity.Days, d => d.Date == today && d.Plays >= 1);
        return (activity, offset);
    }

    /// <summary>GetJudgementTrend per day, checked against every play the simulator listed at either fetch.</summary>
    private static async Task<GetJudgementTrendResponse> JudgementTrendOfRecordedPlaysAsync(
        PlayerTab tab, Region region, int utcOffsetMinutes, SimulatorSnapshot older, SimulatorSnapshot newer)
    {
        var recorded = older.Recent.Concat(newer.Recent).DistinctBy(p => (p.PlayedAt.ToUnixTimeSeconds(), p.Track)).ToList();
        var trend = await tab.CallAsync(GetJudgementTrend, new GetJudgementTrendRequest { Region = region, Grouping = JudgementGrouping.Day, UtcOffsetMinutes = utcOffsetMinutes });
        Assert.Equal((recorded.Count, recorded.Sum(p => p.Fast), recorded.Sum(p => p.Late)), (trend.Total.Plays, trend.Total.Fast, trend.Total.Late));
        return trend;
    }

    private static string Count(int n) => n.ToString("N0", Shown);

    private static string Count(int? n) => n is { } v ? Count(v) : "—";

    private static string Percent(int x10000) => (x10000 / 10000m).ToString("0.0000", CultureInfo.InvariantCulture) + "%";

    // The part under test on its own (the whole page is many screens tall), beside the test's other screenshots.
    private static async Task ShotAsync(PlayerTab tab, ILocator part, string state) =>
        await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SiteWorld.ScreenshotFolder, $"history-{tab.Screen.Name}-{state}.png") });

    /// <summary>
    /// Whether the open dialog lies inside the viewport and its table inside the dialog's content (bounding boxes),
    /// with nothing of the table scrolled out of sight in its scroll box.
    /// </summary>
    private static async Task<(bool Dialog, bool Table, string Detail)> FitAsync(PlayerTab tab)
    {
        var fit = await tab.Page.EvaluateAsync<double[]>("""
            () => {
              const dialog = document.querySelector('dialog[open]');
              const d = dialog.getBoundingClientRect();
              const t = dialog.querySelector('table.versions').getBoundingClientRect();
              const box = dialog.querySelector('table.versions').parentElement;
              return [d.left, d.right, t.left, t.right, innerWidth, box.scrollWidth, box.clientWidth];
            }
            """);
        var (dialogLeft, dialogRight, tableLeft, tableRight, width, scrolled, shown) = (fit[0], fit[1], fit[2], fit[3], fit[4], fit[5], fit[6]);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"dialog {dialogLeft:0}..{dialogRight:0}, table {tableLeft:0}..{tableRight:0}, viewport {width:0}, table box {scrolled:0} wide in {shown:0}");
        return (dialogLeft >= 0 && dialogRight <= width, tableLeft >= dialogLeft && tableRight <= dialogRight && scrolled <= shown, detail);
    }

    /// <summary>
    /// SSS and SSS+ keep their labels on the step line whenever their lines are drawn (they are drawn up to the rank
    /// above the best score), however the lower labels crowd.
    /// </summary>
    private static async Task AssertTopRanksLabelledAsync(ILocator dialog, int best)
    {
        var ticks = dialog.Locator("svg g.tick");
        var drawn = await ticks.EvaluateAllAsync<string[]>("ticks => ticks.map(t => t.dataset.rank)");
        // Lines go up to the rank above the best: SSS from SS+ on, SSS+ from SSS on. The player's 200 skill makes the
        // best well above both, and the first fetch's score far below them, so the labels crowd.
        Assert.Equal((best >= 995_000, best >= 1_000_000), (drawn.Contains("SSS"), drawn.Contains("SSS+")));
        foreach (var rank in drawn.Where(r => r is "SSS" or "SSS+"))
        {
            await Expect(dialog.Locator($"svg g.tick[data-rank='{rank}'] text")).ToHaveTextAsync(rank);
        }
    }
}
