using System.Text.RegularExpressions;
using Maimai.Testing.Discord;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>
/// One browser context of the admin tests (its own cookies) at one screen size, with the steps they share: signing
/// in as the admin or a player through the fake Discord, the player's token and fetch, and screenshots.
/// </summary>
internal sealed partial class AdminTab : IAsyncDisposable
{
    public const float StepTimeout = 15_000;

    /// <summary>A whole fetch of the small simulated account on a busy machine.</summary>
    public const float FetchTimeout = 60_000;

    private readonly IBrowserContext _context;
    private readonly string _test;
    private readonly int _serverErrorsBefore;
    private int _shots;

    private AdminTab(IBrowserContext context, IPage page, Screen screen, string test, AdminWorld world)
    {
        _context = context;
        Page = page;
        Screen = screen;
        _test = test;
        World = world;
        _serverErrorsBefore = world.ServerErrors.Count;
    }

    public IPage Page { get; }

    public Screen Screen { get; }

    public AdminWorld World { get; }

    /// <summary>Where a few desktop pictures go for the README (docs/update-screenshots.sh sets it); null in a plain test run.</summary>
    public static string? DocsFolder => Environment.GetEnvironmentVariable("MAIMAI_DOCS_SCREENSHOTS") is { Length: > 0 } folder ? folder : null;

    public static async Task<AdminTab> OpenAsync(AdminWorld world, Screen screen, string test)
    {
        SetDefaultExpectTimeout(StepTimeout);
        var context = await world.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = world.Origin,
            ViewportSize = new ViewportSize { Width = screen.Width, Height = screen.Height },
            IsMobile = screen.IsMobile,
            HasTouch = screen.IsMobile,
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(StepTimeout);
        return new AdminTab(context, await context.NewPageAsync(), screen, test, world);
    }

    /// <summary>Signs in through the fake Discord as the allowlisted admin and opens the admin home.</summary>
    public async Task SignInAsAdminAsync()
    {
        World.NextIsAdmin();
        await SignInAsync("The Admin");
        await Page.GotoAsync("/admin");
        await Expect(Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Admin", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Signs in through the fake Discord as a new player and opens the player's site; the Discord user it was.</summary>
    public async Task<DiscordUser> SignInAsPlayerAsync(string name)
    {
        var user = World.NextPlayer(name);
        await SignInAsync(name);
        await Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Open the site" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Tablist, new PageGetByRoleOptions { Name = "Regions" })).ToBeVisibleAsync();
        return user;
    }

    /// <summary>A card of the player's region panel, by its heading.</summary>
    public ILocator Card(string heading) =>
        Page.GetByRole(AriaRole.Tabpanel).Locator("section")
            .Filter(new LocatorFilterOptions { Has = Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = heading, Exact = true }) });

    /// <summary>Saves a token the simulated site accepts, on the player's site.</summary>
    public async Task SaveWorkingTokenAsync(string token)
    {
        var card = Card("maimai DX NET token");
        await card.GetByLabel("New token").FillAsync(token);
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save token" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Token saved.");
    }

    /// <summary>Clicks "Fetch now" on the player's site.</summary>
    public Task StartFetchAsync() =>
        Card("Fetch").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();

    /// <summary>Clicks "Fetch now" and waits for the new snapshot.</summary>
    public async Task FetchNowAsync()
    {
        await StartFetchAsync();
        await Expect(Card("Fetch").GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: a new snapshot is saved.",
            new LocatorAssertionsToHaveTextOptions { Timeout = FetchTimeout });
    }

    /// <summary>A full-page screenshot under the test output; with <paramref name="docsName"/>, the desktop one also goes to the docs folder when asked.</summary>
    public async Task ScreenshotAsync(string state, string? docsName = null)
    {
        var name = $"{_test}-{Screen.Name}-{++_shots:00}-{state}.png";
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SiteWorld.ScreenshotFolder, name), FullPage = true });
        if (docsName is not null && DocsFolder is { } docs && Screen == Screen.Desktop)
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(docs, $"admin-{docsName}.png") });
        }
    }

    /// <summary>What a person can read: never a stack trace or an exception's name.</summary>
    public async Task AssertNoStackTraceAsync()
    {
        var text = await Page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), text);
    }

    /// <summary>The page fits the screen's width: wide tables scroll inside their own box, the page does not.</summary>
    public async Task AssertFitsWidthAsync()
    {
        var widths = await Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        Assert.True(scroll <= client + 1, $"{Page.Url} is {scroll} px wide on a {client} px screen");
    }

    /// <summary>Nothing this test did made the Silo log an error.</summary>
    public void AssertNoServerErrors() => Assert.Empty(World.ServerErrors.Skip(_serverErrorsBefore));

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private async Task SignInAsync(string name)
    {
        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sign in with Discord" }).ClickAsync();
        await Expect(Page.GetByText("Signed in as")).ToContainTextAsync(name);
    }

    [GeneratedRegex(@"\bat [A-Z][\w.]+\(")]
    private static partial Regex StackFrame();
}
