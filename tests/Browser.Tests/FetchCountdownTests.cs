using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>
/// The rate limit as a player meets it: a start the server refuses inside the minute shows the wait it sent
/// (RetryInfo) counting down with the button disabled, the button comes back at zero, and the second fetch adds a
/// second point to the rating history chart. The minute passes without being waited: the Silo's clock and the
/// page's (Playwright's clock) are both moved on by it.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed partial class FetchCountdownTests(SiteWorld world)
{
    private const float FetchTimeout = 45_000;

    /// <summary>More than the server's minute between two starts.</summary>
    private static readonly TimeSpan PastTheMinute = TimeSpan.FromSeconds(61);

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_refused_start_counts_down_to_the_next_fetch_which_adds_to_the_rating_history(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "countdown");
        // The page's timers and Date run on a clock the test can move on (they still flow at the real pace).
        await tab.Page.Clock.InstallAsync();
        await tab.SignInWithDiscordAsync("Eager " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        await Expect(tab.Card("Rating history")).ToContainTextAsync("No rating yet");
        var fetch = tab.Card("Fetch");
        var button = fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" });
        await Expect(button).ToBeEnabledAsync();

        // A second tab of the same player fetches; this one still offers the button, and the server says no.
        var other = await tab.Page.Context.NewPageAsync();
        await other.GotoAsync("/intl");
        var otherFetch = other.GetByRole(AriaRole.Tabpanel).Locator("section").Filter(new LocatorFilterOptions { HasText = "Fetch now" });
        await otherFetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();
        await Expect(otherFetch.GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: a new snapshot is saved.", new LocatorAssertionsToHaveTextOptions { Timeout = FetchTimeout });
        await other.CloseAsync();

        await button.ClickAsync();
        var timer = fetch.GetByRole(AriaRole.Timer);
        await Expect(timer).ToHaveTextAsync(Countdown());
        await Expect(button).ToBeDisabledAsync();
        await Expect(fetch.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0); // a wait, not a failure
        var first = await timer.InnerTextAsync();
        await tab.ScreenshotAsync("refused");
        await Expect(timer).Not.ToHaveTextAsync(first); // it counts
        Assert.True(string.CompareOrdinal(await timer.InnerTextAsync(), first) < 0, "the countdown went up");

        // Meanwhile the player plays; the minute passes (on the server and in the page), at zero the button is back
        // and the next fetch reads the new plays.
        world.Intl.AddPlays(3);
        world.Clock.Shift = PastTheMinute;
        try
        {
            await tab.Page.Clock.FastForwardAsync((long)PastTheMinute.TotalMilliseconds);
            await Expect(button).ToBeEnabledAsync();
            await Expect(timer).ToHaveCountAsync(0);
            await button.ClickAsync();
            await Expect(fetch.GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: a new snapshot is saved.", new LocatorAssertionsToHaveTextOptions { Timeout = FetchTimeout });
        }
        finally
        {
            world.Clock.Shift = TimeSpan.Zero;
        }

        // Two snapshots: two points on the chart, summed up for a screen reader, and no wider than the screen.
        var history = tab.Card("Rating history");
        var chart = history.GetByRole(AriaRole.Img);
        await Expect(chart).ToHaveAttributeAsync("aria-label", new Regex("^Rating from [0-9,]+ on .+ to [0-9,]+ on .+, 2 snapshots, highest [0-9,]+\\.$"));
        await Expect(history.Locator("circle")).ToHaveCountAsync(2);
        await Expect(history.Locator("circle title").First).ToHaveTextAsync(new Regex(": [0-9,]+$"));
        var box = await chart.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= tab.Screen.Width, $"the chart spans {box.X}..{box.X + box.Width} on a {tab.Screen.Width} px screen");
        // Pointing at the chart reads out the nearest point (a phone has no hover titles).
        await chart.HoverAsync();
        await Expect(history.Locator("text.readout")).ToHaveTextAsync(new Regex(": [0-9,]+$"));
        await history.GetByText("Show as a table").ClickAsync();
        await Expect(history.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await tab.ScreenshotAsync("history");
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    [GeneratedRegex(@"^Fetch again in 0:[0-5]\d$")]
    private static partial Regex Countdown();
}
