using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>The region's auto-refresh switch: it needs a token first, then stays on across a reload.</summary>
[Collection(SiteGroup.Name)]
public sealed class AutoRefreshCardTests(SiteWorld world)
{
    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task The_switch_asks_for_a_token_first_then_stays_on(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "auto-refresh");
        await tab.SignInWithDiscordAsync("Auto " + screen);
        var card = tab.Card("Auto-refresh");
        var toggle = card.GetByLabel("Refresh automatically every 30 min");
        await Expect(toggle).Not.ToBeCheckedAsync();

        await toggle.ClickAsync();
        await Expect(card.GetByRole(AriaRole.Alert)).ToContainTextAsync("Save your maimai DX NET token for this region first.");
        await Expect(toggle).Not.ToBeCheckedAsync();

        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current!);
        await toggle.ClickAsync();
        await Expect(toggle).ToBeCheckedAsync();
        await tab.ScreenshotAsync("on");

        // On at the server, not only on the page.
        await tab.Page.ReloadAsync();
        await Expect(tab.Card("Auto-refresh").GetByLabel("Refresh automatically every 30 min")).ToBeCheckedAsync();
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }
}
