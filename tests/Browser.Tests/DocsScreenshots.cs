using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>
/// The curated pictures of the site for docs/screenshots and the README, with fixed names: the landing page, the
/// region panel with a profile, the scores table, a recent play's judgements and the phone view. They go to the
/// test output; docs/update-screenshots.sh sets <see cref="FolderVariable"/> to write them into docs/screenshots.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed class DocsScreenshots(SiteWorld world)
{
    /// <summary>Where to write the pictures instead of the test output.</summary>
    public const string FolderVariable = "MAIMAI_DOCS_SCREENSHOTS";

    [ChromiumFact]
    public async Task The_curated_screenshots_show_each_page_in_use()
    {
        var folder = Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } set ? set : Path.Combine(SiteWorld.ScreenshotFolder, "docs");
        Directory.CreateDirectory(folder);
        await using var desktop = await PlayerTab.OpenAsync(world, Screen.Desktop.Name, "docs");

        await desktop.Page.GotoAsync("/");
        await Expect(desktop.Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "maimai DX score tracker", Level = 1 })).ToBeVisibleAsync();
        await desktop.DocsScreenshotAsync(folder, "landing");

        await desktop.SignInWithDiscordAsync("Player");
        await desktop.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        await desktop.FetchNowAsync();
        var profile = world.Intl.Snapshot().Profile;
        await Expect(desktop.Card("Latest snapshot")).ToContainTextAsync($"{profile.TotalPlayCount} in all");
        await Expect(desktop.ScoresTable).ToBeVisibleAsync();
        await desktop.Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await desktop.DocsScreenshotAsync(folder, "region-panel");

        // The scores sorted best first, their card at the top of the window.
        await desktop.ScoresTable.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Achievement", Exact = true }).ClickAsync();
        await desktop.Card("Scores").EvaluateAsync("card => card.scrollIntoView({ block: 'start' })");
        await desktop.DocsScreenshotAsync(folder, "scores");

        var play = desktop.Card("Recent plays").Locator("li").First;
        await play.Locator("summary").ClickAsync();
        await Expect(play.GetByRole(AriaRole.Table, new LocatorGetByRoleOptions { Name = "Judgements" })).ToBeVisibleAsync();
        await desktop.DocsScreenshotAsync(folder, "recent-play-judgements", play);

        // The same player on a phone.
        await using var phone = await PlayerTab.OpenAsync(world, Screen.Phone.Name, "docs");
        await desktop.ShareSignInWithAsync(phone);
        await phone.Page.GotoAsync("/");
        await Expect(phone.Card("Latest snapshot")).ToContainTextAsync($"{profile.TotalPlayCount} in all");
        await Expect(phone.ScoresTable).ToBeVisibleAsync();
        await phone.Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await phone.DocsScreenshotAsync(folder, "phone");
        await phone.Card("Scores").EvaluateAsync("card => card.scrollIntoView({ block: 'start' })");
        await phone.DocsScreenshotAsync(folder, "phone-scores");

        foreach (var name in new[] { "landing", "region-panel", "scores", "recent-play-judgements", "phone", "phone-scores" })
        {
            Assert.True(new FileInfo(Path.Combine(folder, name + ".png")).Length > 0, $"{name}.png is empty");
        }

        desktop.AssertNoServerErrors();
    }
}
