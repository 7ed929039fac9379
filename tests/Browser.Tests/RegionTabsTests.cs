using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>The region tabs: Japan has its own token, its own fetch and its own snapshot.</summary>
[Collection(SiteGroup.Name)]
public sealed class RegionTabsTests(SiteWorld world)
{
    private const float FetchTimeout = 45_000;

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task The_Japan_tab_saves_its_own_token_and_fetches_from_the_Japanese_site(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "japan");
        await tab.SignInWithDiscordAsync("Tokyo " + screen);

        var japan = tab.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Japan" });
        await japan.ClickAsync();
        await Expect(japan).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(tab.Page).ToHaveURLAsync(world.Origin + "/jp");
        await Expect(tab.Card("maimai DX NET token")).ToContainTextAsync("Not saved yet");

        await tab.SaveWorkingTokenAsync("userId=" + world.Jp.Sessions.Current);
        var fetch = tab.Card("Fetch");
        await fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();
        await Expect(fetch.GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: a new snapshot is saved.", new LocatorAssertionsToHaveTextOptions { Timeout = FetchTimeout });
        await Expect(tab.Card("Latest snapshot")).ToContainTextAsync(SiteWorld.JpPlayerName);
        await tab.ScreenshotAsync("japan-fetched");

        // International kept its own, empty, data; and /jp is an address that opens on Japan.
        await tab.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "International" }).ClickAsync();
        await Expect(tab.Page).ToHaveURLAsync(world.Origin + "/intl");
        await Expect(tab.Card("maimai DX NET token")).ToContainTextAsync("Not saved yet");
        await Expect(tab.Card("Latest snapshot")).ToContainTextAsync("No snapshot yet");
        await tab.ScreenshotAsync("international-empty");

        await tab.Page.GotoAsync("/jp");
        await Expect(japan).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(tab.Card("Latest snapshot")).ToContainTextAsync(SiteWorld.JpPlayerName);
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task The_region_tabs_and_the_token_form_work_from_the_keyboard(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "keyboard");
        await tab.SignInWithDiscordAsync("Keys " + screen);
        var intl = tab.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "International" });
        var japan = tab.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Japan" });

        await intl.FocusAsync();
        await tab.Page.Keyboard.PressAsync("Tab");
        await Expect(japan).ToBeFocusedAsync();
        await tab.Page.Keyboard.PressAsync("Enter");
        await Expect(japan).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(tab.Page).ToHaveURLAsync(world.Origin + "/jp");

        // The field is found by its label; Enter in it saves, as a form does.
        var field = tab.Card("maimai DX NET token").GetByLabel("New token");
        await field.FocusAsync();
        await tab.Page.Keyboard.TypeAsync("userId=" + world.Jp.Sessions.Current);
        await tab.Page.Keyboard.PressAsync("Enter");
        await Expect(tab.Card("maimai DX NET token").GetByRole(AriaRole.Status)).ToHaveTextAsync("Token saved.");
        await tab.ScreenshotAsync("keyboard-saved");
        tab.AssertNoServerErrors();
    }
}
