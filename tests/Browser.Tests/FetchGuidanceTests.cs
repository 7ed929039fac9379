using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>A failed fetch says what to do, per its code: a refused token leads to the token form, a site error names its code.</summary>
[Collection(SiteGroup.Name)]
public sealed class FetchGuidanceTests(SiteWorld world)
{
    private const float FetchTimeout = 45_000;

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task An_expired_token_links_to_the_token_form(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "guidance-token");
        await tab.SignInWithDiscordAsync("Expired " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        var fetch = tab.Card("Fetch");

        // DX NET's "please log in again" page (ERROR CODE 100001) for every page: the token no longer works.
        world.Intl.Faults.Add(FaultRule.After(FaultKind.ErrorPage, 0));
        try
        {
            await fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();
            var alert = fetch.GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("did not accept your token", new LocatorAssertionsToContainTextOptions { Timeout = FetchTimeout });
            await tab.ScreenshotAsync("expired");

            await alert.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Go to the token" }).ClickAsync();
            await Expect(tab.Card("maimai DX NET token").GetByLabel("New token")).ToBeFocusedAsync();
            await tab.AssertNoStackTraceAsync();
            tab.AssertNoServerErrors();
        }
        finally
        {
            world.Intl.Faults.Clear();
        }
    }

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_site_error_names_its_code(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "guidance-site-error");
        await tab.SignInWithDiscordAsync("Unlucky " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        var fetch = tab.Card("Fetch");

        // On the score lists, past the sign-in: an error page with a code other than "log in again".
        world.Intl.Faults.Add(FaultRule.After(FaultKind.ErrorPage, 0, PageKind.ScoreList) with { ErrorCode = 200002 });
        try
        {
            await fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();
            var alert = fetch.GetByRole(AriaRole.Alert);
            await Expect(alert).ToHaveTextAsync("The fetch failed: maimai DX NET answered with ERROR CODE 200002; try again later.",
                new LocatorAssertionsToHaveTextOptions { Timeout = FetchTimeout });
            await Expect(tab.Card("Latest snapshot")).ToContainTextAsync("No snapshot yet");
            await tab.ScreenshotAsync("site-error");
            await tab.AssertNoStackTraceAsync();
            tab.AssertNoServerErrors();
        }
        finally
        {
            world.Intl.Faults.Clear();
        }
    }
}
