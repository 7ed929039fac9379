using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>The landing page and Discord's sign-in (the fake Discord), as a new player meets them.</summary>
[Collection(SiteGroup.Name)]
public sealed class SignInTests(SiteWorld world)
{
    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task Signing_in_with_Discord_from_the_landing_page_opens_the_players_regions(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "signin");

        await tab.Page.GotoAsync("/");
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "maimai DX score tracker", Level = 1 })).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("Works with the International and the Japanese version.")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("landing");

        await tab.SignInWithDiscordAsync("Nelly " + screen);

        await Expect(tab.Page).ToHaveURLAsync(world.Origin + "/");
        await Expect(tab.Page.GetByRole(AriaRole.Main)).ToContainTextAsync("Signed in as Nelly " + screen);
        var intl = tab.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "International" });
        await Expect(intl).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(tab.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Japan" })).ToHaveAttributeAsync("aria-selected", "false");
        await Expect(tab.Card("maimai DX NET token")).ToContainTextAsync("Not saved yet");
        await Expect(tab.Card("Latest snapshot")).ToContainTextAsync("No snapshot yet");
        await tab.AssertNoStackTraceAsync();
        await tab.ScreenshotAsync("signed-in");
        tab.AssertNoServerErrors();
    }
}
