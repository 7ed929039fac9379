using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>The steps the snapshot, scores and recent-play tests share: a whole fetch, and reading the scores table.</summary>
internal sealed partial class PlayerTab
{
    /// <summary>A whole fetch of the small simulated account, with the pages' gap, on a busy machine.</summary>
    public const float FetchTimeout = 45_000;

    /// <summary>The scores table's region (it scrolls sideways on a phone).</summary>
    public ILocator ScoresTable => Page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "Scores of this snapshot" });

    /// <summary>Clicks "Fetch now" and waits for the card to say the new snapshot is saved.</summary>
    public async Task FetchNowAsync()
    {
        var fetch = Card("Fetch");
        await fetch.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Fetch now" }).ClickAsync();
        await Expect(fetch.GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: a new snapshot is saved.",
            new LocatorAssertionsToHaveTextOptions { Timeout = FetchTimeout });
    }

    /// <summary>The rows the scores table shows now, top to bottom.</summary>
    public async Task<IReadOnlyList<ShownScore>> ShownScoresAsync()
    {
        // The title cell holds the title, then the artist in a <small>; the level cell the level, then the internal one.
        // Titles are taken as they are: one of the site's is a lone full-width space, which trim() would erase.
        var cells = await ScoresTable.Locator("tbody tr").EvaluateAllAsync<string[][]>("""
            rows => rows.map(tr => {
              const first = (cell) => cell.firstChild?.textContent ?? '';
              const tds = [...tr.querySelectorAll('td')];
              return [first(tr.querySelector('th')), tds[0].textContent.trim(), tds[1].textContent.trim(), first(tds[2]).trim(),
                tds[3].textContent.trim(), tds[4].textContent.trim(), tds[7].textContent.trim()];
            })
            """);
        return [.. cells.Select(c => new ShownScore(c[0], c[1], c[2], c[3], c[4], c[5], c[6]))];
    }

    /// <summary>Signs <paramref name="other"/> in as this tab's player (the same session cookie), as a second device would be.</summary>
    public async Task ShareSignInWithAsync(PlayerTab other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var cookies = await _context.CookiesAsync();
        await other._context.AddCookiesAsync(cookies.Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires,
            HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
    }

    /// <summary>A screenshot of what the window shows, for docs/screenshots (a full page is too tall to read there).</summary>
    public async Task DocsScreenshotAsync(string folder, string name, ILocator? part = null)
    {
        var path = Path.Combine(folder, name + ".png");
        if (part is null)
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        }
        else
        {
            await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        }
    }
}
