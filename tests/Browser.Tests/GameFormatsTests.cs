using System.Diagnostics;
using Maimai.Testing;
using Microsoft.Playwright;

namespace Maimai.Browser.Tests;

/// <summary>
/// The site's own number formats (web/src/game.ts), run in Chromium: the module is bundled from its source with the
/// esbuild that web/build.sh uses, put on a blank page, and called there, as the site's pages call it.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed class GameFormatsTests(SiteWorld world)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Since PRiSM, an internal N.0 to N.5 shows as "N" and N.6 to N.9 as "N+" (web/src/game.ts cites the source);
    /// the API's own convention for a "+" level, N.7, reads as "+" too.
    /// </summary>
    [ChromiumFact]
    public async Task A_level_shows_a_plus_from_the_tenth_the_game_shows_one()
    {
        var script = await BundleAsync("web/src/game.ts", "game");
        var page = await world.Browser.NewPageAsync();
        try
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = script });
            int[] levels = [10, 60, 130, 131, 135, 136, 137, 139, 140, 145, 146, 150, 157];
            var shown = await page.EvaluateAsync<string[]>("levels => levels.map(game.formatLevel)", levels);

            Assert.Equal(["1", "6", "13", "13", "13", "13+", "13+", "13+", "14", "14", "14+", "15", "15+"], shown);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>The module as one script that sets the global <paramref name="name"/>; npm ci first if web/ has no packages yet.</summary>
    private static async Task<string> BundleAsync(string source, string name)
    {
        var web = Path.Combine(SharedFolder.RepositoryRoot, "web");
        var esbuild = Path.Combine(web, "node_modules", ".bin", "esbuild");
        if (!File.Exists(esbuild))
        {
            await RunAsync(web, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }

        return await RunAsync(SharedFolder.RepositoryRoot, esbuild, source, "--bundle", "--format=iife", $"--global-name={name}", "--target=es2022", "--log-level=warning");
    }

    private static async Task<string> RunAsync(string folder, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Timeout);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await errors.WaitAsync(Timeout)}");
        return await output.WaitAsync(Timeout);
    }
}
