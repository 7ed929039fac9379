using System.Globalization;
using Grpc.Core;
using Maimai.Grpc.Contracts.V1;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>
/// The Plates card after a fetch from the simulator: the demo catalog puts the simulator's older songs in UNiVERSE
/// (group 宙), so the card shows that group's four plates, whose totals and 極 count the test computes from the
/// simulator's own charts and scores; opening 極 lists the charts without an FC, and "Show more" pages on.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed class PlatesCardTests(SiteWorld world)
{
    private const float FetchTimeout = 45_000;

    private static readonly CultureInfo Shown = CultureInfo.GetCultureInfo("en-GB");

    private static readonly Method<GetPlateProgressRequest, GetPlateProgressResponse> GetPlateProgress =
        PlayerTab.Unary<GetPlateProgressRequest, GetPlateProgressResponse>("InsightsService", "GetPlateProgress");

    private static readonly Method<ListSongsRequest, ListSongsResponse> ListSongs = PlayerTab.Unary<ListSongsRequest, ListSongsResponse>("SongService", "ListSongs");

    private static readonly Method<ListScoresRequest, ListScoresResponse> ListScores = PlayerTab.Unary<ListScoresRequest, ListScoresResponse>("SnapshotService", "ListScores");

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task The_plates_card_shows_each_plates_progress_and_lists_the_missing_charts(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "plates");
        await tab.SignInWithDiscordAsync("Plates " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        var fetch = tab.Card("Fetch");
        await fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();
        await Expect(fetch.GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: a new snapshot is saved.", new LocatorAssertionsToHaveTextOptions { Timeout = FetchTimeout });

        // The plate's charts from the songs database as SongService lists them (the demo puts the simulator's older
        // songs in UNiVERSE), and the fetched scores as SnapshotService lists them: 極 wants an FC.
        var progress = await tab.CallAsync(GetPlateProgress, new GetPlateProgressRequest { LatestForRegion = Region.Intl, VersionGroup = "宙", PageSize = 1 });
        var songs = await tab.CallAsync(ListSongs, new ListSongsRequest { Region = Region.Intl, PageSize = 500 });
        var scores = await tab.CallAsync(ListScores, new ListScoresRequest { SnapshotId = progress.SnapshotId, PageSize = 500 });
        Assert.Equal("", songs.NextPageToken);
        Assert.Equal("", scores.NextPageToken);
        var counted = songs.Songs.Where(s => s.Version.EndsWith("UNiVERSE", StringComparison.Ordinal) && s.Charts.All(c => c.Difficulty != Difficulty.Utage))
            .SelectMany(s => s.Charts).Where(c => c.Difficulty is >= Difficulty.Basic and <= Difficulty.Master).Select(c => c.Id).ToHashSet();
        var fullCombos = scores.Scores.Count(s => counted.Contains(s.ChartId) && s.ComboLamp >= ComboLamp.Fc);
        Assert.True(counted.Count > fullCombos && fullCombos > 0, "some charts have an FC, some not");

        var card = tab.Card("Plates");
        var group = card.Locator("[data-group='宙']");
        await Expect(group.Locator("details.plate")).ToHaveCountAsync(4);
        // The simulator's new songs are CiRCLE PLUS, whose plates are 廻's: two groups have charts.
        await Expect(card.Locator("section.plate-group")).ToHaveCountAsync(2);
        await Expect(card.Locator("[data-group='廻'] details.plate")).ToHaveCountAsync(4);
        var kiwami = group.Locator("[data-plate='宙極']");
        await Expect(kiwami.Locator(".plate-count")).ToHaveTextAsync($"{Count(fullCombos)} / {Count(counted.Count)}");
        await Expect(kiwami.Locator("progress")).ToHaveAttributeAsync("value", fullCombos.ToString(CultureInfo.InvariantCulture));

        // The other three as the RPC counts them over the same charts.
        var plates = progress.Plates.Where(p => p.VersionGroup == "宙").ToList();
        Assert.All(plates, p => Assert.Equal(counted.Count, p.Total));
        foreach (var plate in plates)
        {
            await Expect(group.Locator($"[data-plate='{plate.Name}'] .plate-count")).ToHaveTextAsync($"{Count(plate.Done)} / {Count(plate.Total)}");
        }

        await card.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SiteWorld.ScreenshotFolder, $"plates-{screen}-closed.png") });
        await kiwami.Locator("summary").ClickAsync();
        var missing = kiwami.Locator(".plate-missing li");
        var toGo = counted.Count - fullCombos;
        await Expect(kiwami).ToContainTextAsync(toGo == 1 ? "1 chart to go:" : $"{toGo} charts to go:");
        await Expect(missing).ToHaveCountAsync(Math.Min(50, toGo));
        if (toGo > 50)
        {
            await kiwami.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Show more" }).ClickAsync();
            await Expect(missing).ToHaveCountAsync(Math.Min(100, toGo));
        }

        Assert.True(await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= tab.Screen.Width, "the page scrolls sideways");
        await card.ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync("plates");
        await card.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SiteWorld.ScreenshotFolder, $"plates-{screen}-card.png") });
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    private static string Count(int n) => n.ToString("N0", Shown);
}
