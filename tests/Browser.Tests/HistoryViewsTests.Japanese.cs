using System.Globalization;
using System.Text.RegularExpressions;
using Maimai.DxNetSimulator.Player;
using Maimai.Grpc.Contracts.V1;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using GameDifficulty = Maimai.Core.Game.Difficulty;

namespace Maimai.Browser.Tests;

/// <summary>
/// The same history views on the Japanese version, read in Japanese: two fetches from the simulator's Japanese site
/// (through the Jp plugin) two days apart, then the chart's history, plays per day and FAST/LATE in the Japan tab,
/// with the numbers the simulator recorded and the RPCs answer for the Japanese region.
/// </summary>
public sealed partial class HistoryViewsTests
{
    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task The_Japanese_versions_history_views_read_in_Japanese_show_its_own_data(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "history-jp");
        await tab.SignInWithDiscordAsync("歴史家 " + screen);
        await tab.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Japan" }).ClickAsync();
        await Expect(tab.Page).ToHaveURLAsync(world.Origin + "/jp");
        await tab.SaveWorkingTokenAsync("userId=" + world.Jp.Sessions.Current);
        await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "日本語で表示" }).ClickAsync();
        await Expect(tab.Page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(tab.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "日本版" })).ToHaveAttributeAsync("aria-selected", "true");

        // As on the international site: a MASTER chart nobody has played, badly before the first fetch, well before the second.
        var start = world.Jp.Snapshot();
        var song = start.Songs.First(s => !s.IsUtage && s.Find(GameDifficulty.Master) is not null && start.ScoreOf(s.Id, GameDifficulty.Master) is null
            && start.Songs.Count(o => o.Title == s.Title) == 1);
        world.Jp.AddPlays([new PlayRequest(song.Id, GameDifficulty.Master) { SkillTenths = 60 }]);
        var older = world.Jp.Snapshot();
        world.Clock.Shift = -TimeSpan.FromDays(2);
        try
        {
            await FetchInJapaneseAsync(tab);
        }
        finally
        {
            world.Clock.Shift = TimeSpan.Zero;
        }

        world.Jp.AddPlays([.. Enumerable.Repeat(new PlayRequest(song.Id, GameDifficulty.Master) { SkillTenths = 200 }, 2)]);
        var newer = world.Jp.Snapshot();
        var (was, now) = (older.ScoreOf(song.Id, GameDifficulty.Master)!, newer.ScoreOf(song.Id, GameDifficulty.Master)!);
        Assert.True(now.Achievement > was.Achievement, "the second session beats the first");
        await FetchInJapaneseAsync(tab);
        await Expect(tab.Card("最新のスナップショット")).ToContainTextAsync($"累計 {newer.Profile.TotalPlayCount} 回");
        await Expect(tab.Card("最新のスナップショット")).ToContainTextAsync(SiteWorld.JpPlayerName);

        await tab.Card("スコア").GetByLabel("曲名・アーティストで検索").FillAsync(song.Title);
        var table = tab.Page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "このスナップショットのスコア" });
        var row = table.Locator("tbody tr").Filter(new LocatorFilterOptions { Has = tab.Page.Locator("td.diff-4") })
            .Filter(new LocatorFilterOptions { Has = tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = song.Title, Exact = true }) });
        await Expect(row).ToHaveCountAsync(1);
        var open = row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = song.Title, Exact = true });
        await open.FocusAsync();
        await tab.Page.Keyboard.PressAsync("Enter");

        var dialog = tab.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync(new Regex($"^履歴：{Regex.Escape(song.Title)} "));
        await Expect(dialog.GetByRole(AriaRole.Columnheader, new LocatorGetByRoleOptions { Name = "達成率" })).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "閉じる" })).ToBeVisibleAsync();
        var versions = dialog.Locator("table.versions tbody tr");
        await Expect(versions.Locator("[data-value=achievement]")).ToHaveTextAsync([Percent(now.Achievement.TenThousandths), Percent(was.Achievement.TenThousandths)]);
        await Expect(versions.Locator("[data-value=plays]")).ToHaveTextAsync([Count(now.PlayCount), Count(was.PlayCount)]);
        await Expect(dialog.Locator("table.versions thead th")).ToHaveCountAsync(tab.Screen.IsMobile ? 4 : 6);
        await Expect(dialog).ToContainTextAsync($"{Percent(was.Achievement.TenThousandths)} から");
        await AssertTopRanksLabelledAsync(dialog, now.Achievement.TenThousandths);
        var fit = await FitAsync(tab);
        Assert.True(fit.Dialog && fit.Table, $"the dialog and its table fit: {fit.Detail}");
        await ShotAsync(tab, dialog, "jp-chart-history");
        await tab.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);

        // Plays per day on the Japanese region, as GetPlayActivity counts them.
        var (activity, offset) = await PlayActivityOfLast90DaysAsync(tab, Region.Jp);
        var plays = tab.Card("日ごとのプレイ回数");
        await Expect(plays.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex($"^{activity.Days.Count}日で{Regex.Escape(Count(activity.TotalPlays))}回プレイ。"));
        await Expect(plays.Locator("svg rect.bar")).ToHaveCountAsync(activity.Days.Count);
        await plays.Locator("details summary").ClickAsync();
        await Expect(plays.Locator("details tbody tr td:nth-child(2)")).ToHaveTextAsync([.. activity.Days.Select(d => Count(d.Plays))]);
        await ShotAsync(tab, plays, "jp-plays-per-day");

        // FAST/LATE over the Japanese plays the simulator listed at either fetch.
        var trend = await JudgementTrendOfRecordedPlaysAsync(tab, Region.Jp, offset, older, newer);
        var timing = tab.Card("FAST / LATE");
        var share = (trend.Total.FastSharePerMille / 10m).ToString("0.0", CultureInfo.InvariantCulture);
        await Expect(timing.GetByRole(AriaRole.Status)).ToContainTextAsync(
            $"直近{Count(trend.Total.Plays)}プレイ：FAST {Count(trend.Total.Fast)}、LATE {Count(trend.Total.Late)}（FAST {share}%）。");
        await timing.Locator("details summary").ClickAsync();
        await Expect(timing.Locator("details tbody tr")).ToHaveCountAsync(trend.Points.Count);
        Assert.True(await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= tab.Screen.Width, "the page scrolls sideways");
        await Expect(tab.Panel).Not.ToContainTextAsync("Achievement");
        await ShotAsync(tab, timing, "jp-fast-late");
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    /// <summary>「今すぐ取得」 and wait for the fetch card to say, in Japanese, that the new snapshot is saved.</summary>
    private static async Task FetchInJapaneseAsync(PlayerTab tab)
    {
        var fetch = tab.Card("データ取得");
        await fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "今すぐ取得" }).ClickAsync();
        await Expect(fetch.GetByRole(AriaRole.Status)).ToHaveTextAsync("完了：新しいスナップショットを保存しました。",
            new LocatorAssertionsToHaveTextOptions { Timeout = PlayerTab.FetchTimeout });
    }
}
