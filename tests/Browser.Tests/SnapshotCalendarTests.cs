using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>The snapshot calendar: an older snapshot picked by its day, shown with its own profile and scores, kept by the address.</summary>
[Collection(SiteGroup.Name)]
public sealed partial class SnapshotCalendarTests(SiteWorld world)
{
    /// <summary>How far back the first fetch is taken: another day, and in most months the same month.</summary>
    private static readonly TimeSpan DaysAgo = TimeSpan.FromDays(3);

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task An_older_snapshot_picked_from_the_calendar_shows_its_profile_and_scores_and_the_address_keeps_it(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "calendar");
        await tab.SignInWithDiscordAsync("Historian " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);

        // The first fetch three days ago (the Silo's clock set back), the second now, after three more plays on the site.
        var older = world.Intl.Snapshot();
        world.Clock.Shift = -DaysAgo;
        DateTimeOffset olderTaken;
        try
        {
            await tab.FetchNowAsync();
            olderTaken = world.Clock.GetUtcNow(); // a moment after the snapshot was taken
        }
        finally
        {
            world.Clock.Shift = TimeSpan.Zero;
        }

        world.Intl.AddPlays(3);
        var newer = world.Intl.Snapshot();
        Assert.NotEqual(older.Profile.TotalPlayCount, newer.Profile.TotalPlayCount);
        await tab.FetchNowAsync();
        var card = tab.Card("Latest snapshot");
        await Expect(card).ToContainTextAsync($"{newer.Profile.TotalPlayCount} in all");
        await Expect(tab.Page).ToHaveURLAsync(new Regex("/$|/intl$"));

        // The calendar marks the older day in the reader's own zone; it opens on the latest's month.
        var calendar = tab.Page.GetByRole(AriaRole.Group, new PageGetByRoleOptions { Name = "Days with a snapshot" });
        var (day, sameMonth) = await BrowserDayAsync(tab.Page, olderTaken, world.Clock.GetUtcNow());
        if (!sameMonth)
        {
            await calendar.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Previous month" }).ClickAsync();
        }

        var olderDay = calendar.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = $"{day}: 1 snapshot", Exact = true });
        await Expect(olderDay).ToHaveAttributeAsync("aria-pressed", "false");
        await tab.ScreenshotAsync("two-days");
        await olderDay.ClickAsync();

        // The older snapshot: its own title, profile and scores, and an address that names it.
        var chosen = tab.Card("Snapshot");
        await Expect(chosen).ToContainTextAsync($"{older.Profile.TotalPlayCount} in all");
        await Expect(olderDay).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(tab.Page).ToHaveURLAsync(SnapshotAddress());
        var olderScores = older.Scores.Count;
        await Expect(tab.Card("Scores").GetByRole(AriaRole.Status)).ToContainTextAsync($" of {olderScores} charts");
        await tab.ScreenshotAsync("older");
        var address = tab.Page.Url;

        // A reload (or a bookmark) opens the same snapshot.
        await tab.Page.ReloadAsync();
        await Expect(tab.Card("Snapshot")).ToContainTextAsync($"{older.Profile.TotalPlayCount} in all");
        await Expect(calendar.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = $"{day}: 1 snapshot", Exact = true }))
            .ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Equal(address, tab.Page.Url);

        // And back goes to the latest.
        await tab.Page.GoBackAsync();
        await Expect(tab.Card("Latest snapshot")).ToContainTextAsync($"{newer.Profile.TotalPlayCount} in all");
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    // The day's label as the calendar writes it (the page's locale and zone), and whether it is in the latest's month.
    private static async Task<(string Day, bool SameMonth)> BrowserDayAsync(IPage page, DateTimeOffset older, DateTimeOffset newer)
    {
        var found = await page.EvaluateAsync<string[]>("""
            ([older, newer]) => {
              const a = new Date(older), b = new Date(newer);
              return [a.toLocaleDateString(undefined, { dateStyle: 'medium' }),
                String(a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth())];
            }
            """, new[] { older.ToUnixTimeMilliseconds(), newer.ToUnixTimeMilliseconds() });
        return (found[0], bool.Parse(found[1]));
    }

    [GeneratedRegex("/intl/snapshots/[^/]+$")]
    private static partial Regex SnapshotAddress();
}
