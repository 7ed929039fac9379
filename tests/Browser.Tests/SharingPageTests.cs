using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>
/// Sharing, as a player and a stranger see it: the player picks a username and shares their scores; a signed-out
/// browser (a fresh context, no cookie) opens /u/&lt;name&gt; and reads them; the player turns scores off and, after a
/// reload, the stranger sees them gone; turning the profile on shows the name and still no scores.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed class SharingPageTests(SiteWorld world)
{
    private const string IntlPlayerName = "ＳＩＭＰＬＡＹＥＲ";

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_stranger_sees_exactly_what_the_player_shares_after_each_change(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "sharing");
        await tab.SignInWithDiscordAsync("Sharer " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        var known = KnownScore.Of(world.Intl.Snapshot());
        await tab.FetchNowAsync();
        // A title among the first rows the public table draws (level descending), plain enough to find as text.
        var title = known.OrderByDescending(k => k.DisplayedLevel).ThenBy(k => k.Title, StringComparer.Ordinal).Take(20)
            .Select(k => k.Title).First(x => x.Trim().Length >= 3 && x == x.Trim());

        await tab.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sharing", Exact = true }).ClickAsync();
        var card = tab.Page.Locator("section").Filter(new LocatorFilterOptions { Has = tab.Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Sharing", Exact = true }) });
        await Expect(card.GetByText("Your profile is private: turn a part on to share it.")).ToBeVisibleAsync();
        var username = $"Sharer-{screen}-{Random.Shared.Next(1000, 9999)}";
        await card.GetByLabel("Username").FillAsync(username);
        await card.GetByLabel("Scores", new LocatorGetByLabelOptions { Exact = true }).CheckAsync();
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        var stored = username.ToLowerInvariant();
        await Expect(card.GetByLabel("Username")).ToHaveValueAsync(stored);
        await Expect(card.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = world.Origin + "/u/" + stored })).ToBeVisibleAsync();
        await Expect(card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Copy link" })).ToBeVisibleAsync();
        await tab.ScreenshotAsync("settings");

        await using var stranger = await PlayerTab.OpenAsync(world, screen, "sharing-public");
        await stranger.Page.GotoAsync("/u/" + username);
        var page = stranger.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = stored + "'s maimai DX" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync(stored + " · maimai DX score tracker");
        // The song cell is the title, then the chart type and difficulty.
        await Expect(page.GetByRole(AriaRole.Table).Locator("td.song")
            .Filter(new LocatorFilterOptions { HasTextRegex = new Regex("^" + Regex.Escape(title) + "(STD|DX)") }).First).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByText(IntlPlayerName).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Columnheader, new PageGetByRoleOptions { Name = "Plays", Exact = true }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sharing", Exact = true }).CountAsync());
        await stranger.ScreenshotAsync("scores-shared");

        // Scores off, nothing else on: the page is private again, exactly like a name nobody has.
        await card.GetByLabel("Scores", new LocatorGetByLabelOptions { Exact = true }).UncheckAsync();
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("No public profile with this username.");
        Assert.DoesNotContain(title, await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await stranger.ScreenshotAsync("scores-off");

        // The profile on, scores still off: the name and rating, never the table.
        await card.GetByLabel("Profile: name, rating, class and dan").CheckAsync();
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await page.ReloadAsync();
        await Expect(page.GetByText(IntlPlayerName)).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Table).CountAsync());
        Assert.DoesNotContain(title, await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);

        // Recent plays and play counts on too: each shows; the profile still without a scores table.
        await card.GetByLabel("Recent plays (never the arcade)").CheckAsync();
        await card.GetByLabel("Play counts (per region and per chart)").CheckAsync();
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Recent plays" })).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex(@"plays this version · [\d,]+ in all"))).ToBeVisibleAsync();
        await Expect(page.Locator("ul.plays li").First).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Table).CountAsync());
        await stranger.ScreenshotAsync("plays-and-counts");

        // The same page in Japanese.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "日本語で表示" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = stored + " さんの maimai DX" })).ToBeVisibleAsync();
        await stranger.ScreenshotAsync("profile-ja");

        await tab.AssertNoStackTraceAsync();
        await stranger.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }
}
