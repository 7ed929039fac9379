using System.Globalization;
using Maimai.DxNetSimulator.Player;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>A recent play opened on its judgements: per-note counts, fast/late, max combo and venue, as the site recorded them.</summary>
[Collection(SiteGroup.Name)]
public sealed class RecentPlaysTests(SiteWorld world)
{
    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_recent_play_opens_on_the_judgements_the_site_recorded(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "judgements");
        await tab.SignInWithDiscordAsync("Judge " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        var site = world.Intl.Snapshot();
        await tab.FetchNowAsync();

        // Newest first, as on the site's record page.
        var play = site.Recent[0];
        var card = tab.Card("Recent plays");
        var entries = card.Locator("li");
        await Expect(entries).ToHaveCountAsync(site.Recent.Count);
        var entry = entries.Filter(new LocatorFilterOptions { HasText = play.Title }).Filter(new LocatorFilterOptions { HasText = $"Track {play.Track}" }).First;
        await Expect(entries.First).ToContainTextAsync(play.Title);
        var judgements = entry.GetByRole(AriaRole.Table, new LocatorGetByRoleOptions { Name = "Judgements" });
        await Expect(judgements).ToBeHiddenAsync();

        await entry.Locator("summary").ClickAsync();

        await Expect(judgements).ToBeVisibleAsync();
        await Expect(entry.Locator("summary")).ToContainTextAsync(Achievement(play));
        await Expect(Detail(entry, "Fast / late")).ToHaveTextAsync($"{play.Fast} / {play.Late}");
        await Expect(Detail(entry, "Max combo")).ToHaveTextAsync($"{play.MaxCombo} / {play.TotalCombo}");
        await Expect(Detail(entry, "Venue")).ToHaveTextAsync(play.Venue);
        await Expect(Detail(entry, "DX score")).ToContainTextAsync(string.Create(CultureInfo.InvariantCulture, $"{play.DxScore:N0} / {play.MaxDxScore:N0}"));

        // One row per note type on the chart (no Touch row on a standard chart), the site's five columns in order.
        var expected = new List<string[]>();
        void Row(string note, NoteJudgements? counts)
        {
            if (counts is not null)
            {
                expected.Add([note, .. new[] { counts.CriticalPerfect, counts.Perfect, counts.Great, counts.Good, counts.Miss }.Select(n => n.ToString(CultureInfo.InvariantCulture))]);
            }
        }

        var j = play.Judgements;
        Row("Tap", j.Tap);
        Row("Hold", j.Hold);
        Row("Slide", j.Slide);
        Row("Touch", j.Touch);
        Row("Break", j.Break);
        var shown = await judgements.Locator("tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(tr => [...tr.children].map(cell => cell.textContent.trim()))");
        Assert.Equal(expected, shown);
        await Expect(judgements.Locator("thead th")).ToHaveTextAsync(["Note", "Critical", "Perfect", "Great", "Good", "Miss"]);

        await entry.ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync("judgements");
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    private static string Achievement(PlayRecord play) =>
        (play.Achievement.TenThousandths / 10_000m).ToString("0.0000", CultureInfo.InvariantCulture) + "%";

    // The value beside a term of the play's details (a <dt>/<dd> pair).
    private static ILocator Detail(ILocator entry, string term) =>
        entry.Locator($"dt:text-is('{term}') + dd");
}
