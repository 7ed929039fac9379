using System.Globalization;
using Maimai.DxNetSimulator.Requests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>
/// Politeness the player can see: the fetch card says how many pages a fetch asked maimai DX NET for, by kind, and
/// the simulator's own request log says the same; the recent fetches keep it, in English and Japanese, on a phone too.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed class FetchPagesTests(SiteWorld world)
{
    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task The_fetch_card_counts_the_pages_the_simulator_served_by_kind(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "fetch-pages");
        await tab.SignInWithDiscordAsync("Polite " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        world.Intl.AddPlays(2); // new plays, so the detail phase has pages to read
        world.Intl.Requests.Reset(); // the token check is not the fetch's

        await tab.FetchNowAsync();

        // The site's log, page kind by page kind, in the fetch's stage order.
        var log = world.Intl.Requests;
        (string Kind, int Count)[] kinds =
        [
            ("profile", log.Count(PageKind.PlayerData)), ("score lists", log.Count(PageKind.ScoreList)), ("recent plays", log.Count(PageKind.Record)),
            ("play details", log.Count(PageKind.PlaylogDetail)), ("song details", log.Count(PageKind.MusicDetail)),
        ];
        Assert.Equal(log.Total, kinds.Sum(k => k.Count)); // nothing else was asked for
        Assert.True(log.Count(PageKind.PlaylogDetail) > 0, "the fetch read no play detail");
        var detail = log.Count(PageKind.PlaylogDetail) + log.Count(PageKind.MusicDetail);
        var expected = $"{N(log.Total)} pages requested: {string.Join(", ", kinds.Where(k => k.Count > 0).Select(k => $"{k.Kind} {N(k.Count)}"))}; detail {N(detail)} of {N(detail)}";

        var fetch = tab.Card("Fetch");
        await Expect(fetch.Locator(".pages-requested").First).ToHaveTextAsync(expected);
        // The same line under the recent fetches, with the fetch's time and how it ended.
        var history = fetch.Locator(".fetch-history");
        await Expect(history.GetByRole(AriaRole.Heading, new LocatorGetByRoleOptions { Name = "Recent fetches" })).ToBeVisibleAsync();
        await Expect(history.Locator("li")).ToHaveCountAsync(1);
        await Expect(history.Locator("li").First).ToContainTextAsync("Completed");
        await Expect(history.Locator("li .pages-requested")).ToHaveTextAsync(expected);
        await AssertFitsTheScreenAsync(tab);
        await fetch.ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync("pages");
        // The card alone too, where the line can be read at the screen's own size.
        await fetch.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SiteWorld.ScreenshotFolder, $"fetch-pages-{screen}-card.png") });

        // In Japanese, the same numbers with the game's words.
        await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "日本語で表示" }).ClickAsync();
        var ja = tab.Card("データ取得").Locator(".fetch-history li .pages-requested");
        await Expect(ja).ToContainTextAsync($"要求したページ {N(log.Total)}：プレイヤーデータ {N(log.Count(PageKind.PlayerData))}、スコア一覧 {N(log.Count(PageKind.ScoreList))}");
        await Expect(ja).ToContainTextAsync($"；詳細 {N(detail)} 中 {N(detail)}");
        await Expect(tab.Card("データ取得").GetByRole(AriaRole.Heading, new LocatorGetByRoleOptions { Name = "最近の取得" })).ToBeVisibleAsync();
        await AssertFitsTheScreenAsync(tab);
        await tab.ScreenshotAsync("pages-ja");
        await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show the site in English" }).ClickAsync();
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    // Readable on a phone: the page never scrolls sideways.
    private static async Task AssertFitsTheScreenAsync(PlayerTab tab)
    {
        var widths = await tab.Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"the page is {widths[0]} px wide on a {widths[1]} px screen");
    }
}
