using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>The auto-refresh interval the player picks: saved at the server, kept across a reload, named on the switch.</summary>
[Collection(SiteGroup.Name)]
public sealed class AutoRefreshIntervalTests(SiteWorld world)
{
    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task The_picked_interval_is_saved_and_names_the_switch(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "auto-refresh-interval");
        await tab.SignInWithDiscordAsync("Hourly " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current!);
        var card = tab.Card("Auto-refresh");
        var every = card.GetByLabel("Check every");
        await Expect(every).ToHaveValueAsync("30"); // the default
        var options = await every.Locator("option").AllTextContentsAsync();
        Assert.Equal(["15 min", "30 min", "1 h", "2 h", "3 h", "6 h", "12 h", "24 h"], options);

        await card.GetByLabel("Refresh automatically every 30 min").ClickAsync();
        await Expect(card.GetByLabel("Refresh automatically every 30 min")).ToBeCheckedAsync();
        await every.SelectOptionAsync("60");

        await Expect(card.GetByText("Saved: checks every 1 h.")).ToBeVisibleAsync();
        await Expect(card.GetByLabel("Refresh automatically every 1 h")).ToBeCheckedAsync();
        await tab.ScreenshotAsync("hourly");

        // At the server, not only on the page; and in Japanese it reads the same interval.
        await tab.Page.ReloadAsync();
        var again = tab.Card("Auto-refresh");
        await Expect(again.GetByLabel("Check every")).ToHaveValueAsync("60");
        await Expect(again.GetByLabel("Refresh automatically every 1 h")).ToBeCheckedAsync();
        await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "日本語で表示" }).ClickAsync();
        await Expect(tab.Card("自動更新").GetByLabel("1時間ごとに自動で更新する")).ToBeCheckedAsync();
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }
}
