using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>
/// One player's browser: a fresh context (no cookies) at the test's screen size, one tab on the site, and the steps
/// every test begins with, done the way a player does them: by visible labels, links and buttons.
/// </summary>
internal sealed partial class PlayerTab : IAsyncDisposable
{
    /// <summary>How long a single step may take (a click, a text to appear).</summary>
    public const float StepTimeout = 15_000;

    private readonly IBrowserContext _context;
    private readonly string _test;
    private readonly int _serverErrorsBefore;
    private int _shots;

    private PlayerTab(IBrowserContext context, IPage page, Screen screen, string test, SiteWorld world)
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

    public SiteWorld World { get; }

    public static async Task<PlayerTab> OpenAsync(SiteWorld world, string screenName, string test)
    {
        var screen = Screen.Named(screenName);
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
        var page = await context.NewPageAsync();
        return new PlayerTab(context, page, screen, test, world);
    }

    /// <summary>The region panel (below the tabs).</summary>
    public ILocator Panel => Page.GetByRole(AriaRole.Tabpanel);

    /// <summary>A card of the panel, by its heading.</summary>
    public ILocator Card(string heading) =>
        Panel.Locator("section").Filter(new LocatorFilterOptions { Has = Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = heading, Exact = true }) });

    /// <summary>From the landing page through the fake Discord back to the site, as <paramref name="name"/>.</summary>
    public async Task SignInWithDiscordAsync(string name)
    {
        World.NextDiscordUser(name);
        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sign in with Discord" }).ClickAsync();
        await Expect(Page.GetByText("Signed in as")).ToContainTextAsync(name);
        await Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Open the site" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Tablist, new PageGetByRoleOptions { Name = "Regions" })).ToBeVisibleAsync();
    }

    /// <summary>Types the token into the region's token card and saves it.</summary>
    public async Task SaveTokenAsync(string token)
    {
        var card = Card("maimai DX NET token");
        await card.GetByLabel("New token").FillAsync(token);
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save token" }).ClickAsync();
    }

    /// <summary>Saves a token the site accepts and waits until the card says it worked.</summary>
    public async Task SaveWorkingTokenAsync(string token)
    {
        await SaveTokenAsync(token);
        var card = Card("maimai DX NET token");
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Token saved.");
        await Expect(card.GetByText("Last worked")).ToBeVisibleAsync();
    }

    /// <summary>A full-page screenshot named after the test, the screen and the state, under the test output.</summary>
    public async Task ScreenshotAsync(string state)
    {
        var name = $"{_test}-{Screen.Name}-{++_shots:00}-{state}.png";
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SiteWorld.ScreenshotFolder, name), FullPage = true });
    }

    /// <summary>What the player can read: never a stack trace or an exception's name.</summary>
    public async Task AssertNoStackTraceAsync()
    {
        var text = await Page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), text);
    }

    /// <summary>Nothing this player did made the Silo log an error.</summary>
    public void AssertNoServerErrors() => Assert.Empty(World.ServerErrors.Skip(_serverErrorsBefore));

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    [GeneratedRegex(@"\bat [A-Z][\w.]+\(")]
    private static partial Regex StackFrame();
}
