using Maimai.Core.Game;
using Maimai.DxNetSimulator;
using Maimai.DxNetSimulator.Catalog;
using Maimai.DxNetSimulator.Player;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>A play on an utage Buddy chart carries a small "Buddy" badge among the recent plays; other plays none.</summary>
[Collection(SiteGroup.Name)]
public sealed class BuddyBadgeTests(SiteWorld world)
{
    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_buddy_play_shows_the_buddy_badge(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "buddy");
        await tab.SignInWithDiscordAsync("Buddy " + screen);
        // The site world's small catalogs are seeded: whichever region's has a Buddy chart is played.
        static Song? BuddyOf(RunningSimulator sim) => sim.Snapshot().Songs.FirstOrDefault(s => s.IsUtage && s.Charts[0].IsBuddy);
        var sim = BuddyOf(world.Intl) is not null ? world.Intl : world.Jp;
        var buddy = BuddyOf(sim);
        Assert.True(buddy is not null, "neither simulated catalog of the site world has an utage Buddy chart to play");
        if (sim == world.Jp)
        {
            await tab.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Japan" }).ClickAsync();
        }

        await tab.SaveWorkingTokenAsync("userId=" + sim.Sessions.Current);
        var played = Assert.Single(sim.AddPlays([new PlayRequest(buddy.Id, Difficulty.Utage)]));

        await tab.FetchNowAsync();

        var site = sim.Snapshot();
        var card = tab.Card("Recent plays");
        await Expect(card.Locator("li")).ToHaveCountAsync(site.Recent.Count);
        var entry = card.Locator("li").First; // newest first: the Buddy play just added
        await Expect(entry).ToContainTextAsync(played.Title);
        await Expect(entry.Locator(".badge.buddy")).ToHaveTextAsync("Buddy");
        await Expect(entry.Locator(".badge.buddy")).ToHaveAttributeAsync("title", "An utage Buddy chart, played by two players together");
        // One badge per Buddy play the site shows, none on the others.
        var buddyPlays = site.Recent.Count(p => site.Songs[p.SongId].Find(p.Difficulty)!.IsBuddy);
        await Expect(card.Locator(".badge.buddy")).ToHaveCountAsync(buddyPlays);
        await entry.ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync("badge");

        await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "日本語で表示" }).ClickAsync();
        await Expect(tab.Panel.Locator("ul.plays li").First.Locator(".badge.buddy")).ToHaveTextAsync("バディ");
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }
}
