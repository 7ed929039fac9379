using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>The snapshot card's layout: on a phone the profile comes first, above the snapshot picker's calendar.</summary>
[Collection(SiteGroup.Name)]
public sealed class ProfileLayoutTests(SiteWorld world)
{
    private const float FetchTimeout = 45_000;

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task On_a_phone_the_profile_stands_above_the_calendar(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "profile-layout");
        await tab.SignInWithDiscordAsync("Layout " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        await tab.Card("Fetch").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();
        var snapshot = tab.Card("Latest snapshot");
        await Expect(snapshot).ToContainTextAsync(world.Intl.Snapshot().Profile.Name, new LocatorAssertionsToContainTextOptions { Timeout = FetchTimeout });

        var profile = await snapshot.Locator(".profile").BoundingBoxAsync();
        var calendar = await snapshot.GetByRole(AriaRole.Group, new LocatorGetByRoleOptions { Name = "Days with a snapshot" }).BoundingBoxAsync();
        var heading = await snapshot.GetByRole(AriaRole.Heading).BoundingBoxAsync();
        Assert.NotNull(profile);
        Assert.NotNull(calendar);
        Assert.NotNull(heading);
        Assert.True(heading.Y < profile.Y && heading.Y < calendar.Y, "the heading stays on top");
        if (tab.Screen.IsMobile)
        {
            Assert.True(profile.Y + profile.Height <= calendar.Y, $"the profile (y {profile.Y}) should come before the calendar (y {calendar.Y})");
            // The player's name is on the first screen.
            Assert.True(profile.Y < tab.Screen.Height, $"the profile starts at y {profile.Y}, below the first screen");
        }
        else
        {
            Assert.True(calendar.Y + calendar.Height <= profile.Y, "on a desktop the picker stays above the profile");
        }

        await tab.ScreenshotAsync("profile");
        tab.AssertNoServerErrors();
    }
}
