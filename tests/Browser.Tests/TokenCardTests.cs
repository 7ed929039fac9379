using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>The region's maimai DX NET token card: saving a token the site accepts, and one it refuses.</summary>
[Collection(SiteGroup.Name)]
public sealed class TokenCardTests(SiteWorld world)
{
    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_saved_token_turns_valid_and_its_value_is_never_shown(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "token-saved");
        await tab.SignInWithDiscordAsync("Saver " + screen);
        var card = tab.Card("maimai DX NET token");
        await Expect(card).ToContainTextAsync("Not saved yet");
        var session = world.Intl.Sessions.Current!;

        await tab.SaveWorkingTokenAsync("userId=" + session);

        await Expect(card.GetByText("Saved", new LocatorGetByTextOptions { Exact = true })).ToBeVisibleAsync();
        await Expect(card).Not.ToContainTextAsync("Not saved yet");
        await Expect(card.GetByLabel("New token")).ToHaveValueAsync("");
        Assert.DoesNotContain(session, await tab.Page.ContentAsync(), StringComparison.Ordinal);
        await tab.ScreenshotAsync("valid");

        // Saved on the server, not only on the page: a reload shows the same status.
        await tab.Page.ReloadAsync();
        await Expect(card.GetByText("Last worked")).ToBeVisibleAsync();
        tab.AssertNoServerErrors();
    }

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_refused_token_is_explained_and_nothing_is_saved(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "token-refused");
        await tab.SignInWithDiscordAsync("Typo " + screen);
        var card = tab.Card("maimai DX NET token");
        const string Wrong = "0123456789abcdef0123456789abcdef";

        await tab.SaveTokenAsync("userId=" + Wrong);

        var alert = card.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("refused this token");
        await Expect(alert).ToContainTextAsync("Nothing was saved.");
        await Expect(card).ToContainTextAsync("Not saved yet");
        await Expect(card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save token" })).ToBeEnabledAsync();
        Assert.DoesNotContain(Wrong, await alert.InnerTextAsync(), StringComparison.Ordinal);
        await tab.AssertNoStackTraceAsync();
        await tab.ScreenshotAsync("refused");

        // Something that is not a token at all gets its own words.
        await tab.SaveTokenAsync("not a token");
        await Expect(alert).ToContainTextAsync("That is not a maimai DX NET token");
        await tab.ScreenshotAsync("not-a-token");
        tab.AssertNoServerErrors();
    }
}
