using Maimai.Core.Game;
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
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        var buddy = world.Intl.Snapshot().Songs.FirstOrDefault(s => s.IsUtage && s.Charts[0].IsBuddy);
        Assert.True(buddy is not null, "the site world's International catalog has no utage Buddy chart to play");
        var played = Assert.Single(world.Intl.AddPlays([new PlayRequest(buddy.Id, Difficulty.Utage)]));

        await tab.FetchNowAsync();

        var site = world.Intl.Snapshot();
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
