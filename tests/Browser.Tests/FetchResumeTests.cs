using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>A page opened (or reloaded) while the region's fetch runs follows that fetch to its end.</summary>
[Collection(SiteGroup.Name)]
public sealed class FetchResumeTests(SiteWorld world)
{
    private const float FetchTimeout = 45_000;

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_reload_during_a_fetch_follows_it_to_done(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "fetch-resume");
        await tab.SignInWithDiscordAsync("Reloader " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        var fetch = tab.Card("Fetch");

        // The recent plays page takes its time, so the fetch is still running when the page comes back.
        world.Intl.Faults.Add(FaultRule.Once(FaultKind.SlowBody, PageKind.Record) with { SlowBodyDuration = TimeSpan.FromSeconds(10) });
        try
        {
            await fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();
            await Expect(fetch.GetByRole(AriaRole.Status)).ToContainTextAsync("Reading recent plays", new LocatorAssertionsToContainTextOptions { Timeout = FetchTimeout });

            await tab.Page.ReloadAsync();

            await Expect(fetch.GetByRole(AriaRole.Status)).ToContainTextAsync("Running");
            await Expect(fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" })).ToBeDisabledAsync();
            await tab.ScreenshotAsync("resumed");
            await Expect(fetch.GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: a new snapshot is saved.", new LocatorAssertionsToHaveTextOptions { Timeout = FetchTimeout });
            await Expect(tab.Card("Latest snapshot")).ToContainTextAsync(world.Intl.Snapshot().Profile.Name);
            await tab.AssertNoStackTraceAsync();
            tab.AssertNoServerErrors();
        }
        finally
        {
            world.Intl.Faults.Clear();
        }
    }
}
