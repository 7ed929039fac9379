using Maimai.DxNetSimulator.Faults;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>"Fetch now": the live progress down to the new snapshot's profile line, and a failure in words.</summary>
[Collection(SiteGroup.Name)]
public sealed class FetchCardTests(SiteWorld world, ITestOutputHelper output)
{
    /// <summary>A whole fetch of the small simulated account, with the pages' gap, on a busy machine.</summary>
    private const float FetchTimeout = 45_000;

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task Fetch_now_shows_the_bar_advance_to_done_then_the_snapshots_profile(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "fetch");
        await tab.SignInWithDiscordAsync("Fetcher " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        await Expect(tab.Card("Latest snapshot")).ToContainTextAsync("No snapshot yet");
        var fetch = tab.Card("Fetch");
        var recorder = await ProgressRecorder.StartAsync(tab.Page);

        await fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();

        // Mid-way: a determinate bar and its words ("Running · Reading … · n of m pages").
        var bar = fetch.GetByRole(AriaRole.Progressbar);
        await Expect(bar).ToHaveAttributeAsync("value", new System.Text.RegularExpressions.Regex("^[1-9]"), new LocatorAssertionsToHaveAttributeOptions { Timeout = FetchTimeout });
        await Expect(fetch.GetByRole(AriaRole.Status)).ToContainTextAsync(" pages");
        await tab.ScreenshotAsync("progress");

        await Expect(fetch.GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: a new snapshot is saved.", new LocatorAssertionsToHaveTextOptions { Timeout = FetchTimeout });
        var seen = await recorder.SeenAsync();
        output.WriteLine($"the bar showed: {string.Join(", ", seen.Select(s => $"{s.Done}/{s.Total}"))}");
        Assert.True(seen.Count >= 3, $"the bar changed only {seen.Count} times: {string.Join(", ", seen)}");
        Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.True(pair.Second.Done >= pair.First.Done || pair.Second.Total != pair.First.Total,
            $"the bar went back: {string.Join(", ", seen)}"));
        var last = seen[^1];
        Assert.True(last.Done > seen[0].Done, $"the bar never advanced: {string.Join(", ", seen)}");
        Assert.True(last.Done >= last.Total - 1, $"the bar stopped short of its end before Done: {string.Join(", ", seen)}");

        // The new snapshot's profile card, as the simulated player is on the site.
        var player = world.Intl.Snapshot().Profile;
        var snapshot = tab.Card("Latest snapshot");
        await Expect(snapshot).ToContainTextAsync(player.Name);
        await Expect(snapshot).ToContainTextAsync($"{player.TotalPlayCount} in all"); // the profile card's play counts
        await Expect(snapshot.GetByText(player.Rating.ToString(System.Globalization.CultureInfo.InvariantCulture), new LocatorGetByTextOptions { Exact = true }).First).ToBeVisibleAsync();
        // The server takes the next start a minute after this one's: the button waits, counting down.
        await Expect(fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" })).ToBeDisabledAsync();
        await Expect(fetch.GetByRole(AriaRole.Timer)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Fetch again in 0:[0-5]\d$"));
        await tab.AssertNoStackTraceAsync();
        await tab.ScreenshotAsync("done");
        tab.AssertNoServerErrors();
    }

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_fetch_during_maintenance_is_explained_in_words(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "maintenance");
        await tab.SignInWithDiscordAsync("Patient " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        var fetch = tab.Card("Fetch");

        // Every page of the site answers with its maintenance page until the fault is cleared.
        world.Intl.Faults.Add(FaultRule.After(FaultKind.MaintenancePage, 0));
        try
        {
            await fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();

            var alert = fetch.GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("The fetch failed", new LocatorAssertionsToContainTextOptions { Timeout = FetchTimeout });
            await Expect(alert).ToContainTextAsync("maimai DX NET is in maintenance");
            await Expect(alert).ToContainTextAsync("try again");
            // A failed fetch spent its start too: the next one waits out the minute.
            await Expect(fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" })).ToBeDisabledAsync();
            await Expect(fetch.GetByRole(AriaRole.Timer)).ToContainTextAsync("Fetch again in 0:");
            await Expect(tab.Card("Latest snapshot")).ToContainTextAsync("No snapshot yet");
            await tab.AssertNoStackTraceAsync();
            await tab.ScreenshotAsync("maintenance");
            tab.AssertNoServerErrors();
        }
        finally
        {
            world.Intl.Faults.Clear();
        }
    }
}
