using Maimai.Silo.Site.B50;
using Microsoft.Playwright;
using SkiaSharp;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>
/// The rating card's "Share B50 image" button after a fetch from the simulator: the browser downloads a PNG of the
/// best 50 that decodes at 1200 px wide. docs/update-b50-example.sh sets <see cref="ExampleVariable"/> to keep that
/// picture as docs/b50-example.png.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed class B50ImageButtonTests(SiteWorld world)
{
    /// <summary>Where to write the downloaded picture (docs/b50-example.png), besides the test output.</summary>
    public const string ExampleVariable = "MAIMAI_B50_EXAMPLE";

    [ChromiumFact]
    public async Task Share_B50_image_downloads_the_best_50_as_a_png()
    {
        await using var tab = await PlayerTab.OpenAsync(world, Screen.Desktop.Name, "b50-image");
        await tab.SignInWithDiscordAsync("Sharer");
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        await tab.FetchNowAsync();

        var card = tab.Card("Rating (B50)");
        var share = card.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Share B50 image" });
        await Expect(share).ToBeVisibleAsync();
        var download = await tab.Page.RunAndWaitForDownloadAsync(() => share.ClickAsync());
        Assert.Matches(@"^maimai-b50-intl-\d{4}-\d{2}-\d{2}-\d+\.png$", download.SuggestedFilename);
        var png = await File.ReadAllBytesAsync(await download.PathAsync()).WaitAsync(TimeSpan.FromSeconds(30));

        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(B50Image.Width, bitmap.Width);
        Assert.True(bitmap.Height > 1000, $"{bitmap.Height} px tall");

        var example = Environment.GetEnvironmentVariable(ExampleVariable);
        await File.WriteAllBytesAsync(example is { Length: > 0 } ? example : Path.Combine(SiteWorld.ScreenshotFolder, "b50-example.png"), png)
            .WaitAsync(TimeSpan.FromSeconds(30));
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }
}
