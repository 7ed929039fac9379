using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>English and Japanese: the header's switch, kept across visits, and a Japanese browser's first visit.</summary>
[Collection(SiteGroup.Name)]
public sealed class LanguageTests(SiteWorld world)
{
    private const float FetchTimeout = 45_000;

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task Switching_to_japanese_shows_the_games_words_and_is_kept(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "language");
        await tab.SignInWithDiscordAsync("Bilingual " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        await tab.Card("Fetch").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();
        await Expect(tab.Card("Fetch").GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: a new snapshot is saved.", new LocatorAssertionsToHaveTextOptions { Timeout = FetchTimeout });
        var page = tab.Page;
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(tab.ScoresTable.GetByRole(AriaRole.Columnheader, new LocatorGetByRoleOptions { Name = "Achievement" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "日本語で表示" }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "海外版" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "最新のスナップショット" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "レーティング推移" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "今すぐ取得" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new PageGetByRoleOptions { Name = "達成率" }).First).ToBeVisibleAsync(); // the B50 tables have it too
        await Expect(page.GetByRole(AriaRole.Columnheader, new PageGetByRoleOptions { Name = "でらっくスコア" }).First).ToBeVisibleAsync(); // the B50 tables have it too
        await Expect(page.GetByRole(AriaRole.Tabpanel)).ToContainTextAsync("レーティング");
        await Expect(page.GetByRole(AriaRole.Tabpanel)).Not.ToContainTextAsync("Achievement");
        await tab.ScreenshotAsync("japanese");

        // Kept: a new visit opens in Japanese, and the switch goes back.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "データ取得" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show the site in English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Fetch", Exact = true })).ToBeVisibleAsync();
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_japanese_browser_is_greeted_in_japanese(string screen)
    {
        var size = Screen.Named(screen);
        await using var context = await world.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = world.Origin,
            ViewportSize = new ViewportSize { Width = size.Width, Height = size.Height },
            IsMobile = size.IsMobile,
            Locale = "ja-JP",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja", new LocatorAssertionsToHaveAttributeOptions { Timeout = PlayerTab.StepTimeout });
        await Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "ログイン" })).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = PlayerTab.StepTimeout });
        await Expect(page).ToHaveTitleAsync("maimai DX スコアトラッカー");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SiteWorld.ScreenshotFolder, $"language-landing-{size.Name}-ja.png"), FullPage = true });
    }
}
