using System.Globalization;
using Maimai.Core.Game;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>
/// The scores table after a fetch: each filter and a sort both ways, checked row by row against what the test
/// computes from the simulated site's own scores.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed class ScoresTableTests(SiteWorld world, ITestOutputHelper output)
{
    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task Filters_and_sorts_show_exactly_the_rows_the_data_gives(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "scores");
        await tab.SignInWithDiscordAsync("Sorter " + screen);
        await tab.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        var known = KnownScore.Of(world.Intl.Snapshot());
        await tab.FetchNowAsync();
        // One page of rows (100), so every matching row is on screen.
        Assert.InRange(known.Count, 20, 100);
        var scores = tab.Card("Scores");
        var table = new ScoresCheck(tab, known, output);

        // Unfiltered: every played chart, each with the site's level, achievement, rank and play count.
        await table.AssertShowsAsync("all", _ => true);
        var byKey = known.ToLookup(k => k.Key);
        foreach (var row in await tab.ShownScoresAsync())
        {
            var expected = byKey[row.Key].Select(k => (k.DisplayedLevel.Display, k.AchievementText, KnownScore.RankText(k.Rank), k.PlayCount.ToString(CultureInfo.InvariantCulture)));
            Assert.Contains((row.Level, row.Achievement, row.Rank, row.Plays), expected);
        }

        await tab.ScreenshotAsync("all");

        // Text: one word of some titles (and of no artist), typed in capitals; the search ignores case.
        var word = known.SelectMany(k => k.Title.Split(' ')).Select(KnownScore.Searchable).Where(w => w.Length >= 3)
            .Where(w => !known.Any(k => KnownScore.Searchable(k.Artist).Contains(w, StringComparison.Ordinal)))
            .CountBy(w => w).Where(c => c.Value < known.Count).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key;
        await scores.GetByLabel("Search title or artist").FillAsync(word.ToUpperInvariant());
        await table.AssertShowsAsync($"text '{word}'", k => KnownScore.Searchable(k.Title).Contains(word, StringComparison.Ordinal));
        await tab.ScreenshotAsync("search");
        await Clear(scores);

        // Difficulty and chart type together.
        await Choose(scores, "Difficulty", "MASTER");
        await Choose(scores, "Chart type", "DX");
        await table.AssertShowsAsync("MASTER DX", k => k.Difficulty == Difficulty.Master && k.Type == ChartType.Dx);
        await Clear(scores);

        // A level range from the levels the data has.
        var levels = known.Select(k => k.DisplayedLevel).Distinct().Order().ToList();
        var (low, high) = (levels[levels.Count / 4], levels[levels.Count * 3 / 4]);
        await Choose(scores, "Level from", low.Display);
        await Choose(scores, "Level to", high.Display);
        await table.AssertShowsAsync($"levels {low.Display} to {high.Display}", k => k.DisplayedLevel >= low && k.DisplayedLevel <= high);
        await tab.ScreenshotAsync("levels");
        await Clear(scores);

        // The most common combo lamp, then a rank floor.
        var lamp = known.Where(k => k.Combo != ComboLamp.None).CountBy(k => k.Combo).OrderByDescending(c => c.Value).Select(c => c.Key)
            .DefaultIfEmpty(ComboLamp.FullCombo).First();
        await Choose(scores, "Combo lamp", KnownScore.ComboText(lamp));
        await table.AssertShowsAsync($"combo {lamp}", k => k.Combo == lamp);
        await Clear(scores);
        await Choose(scores, "Rank at least", "S");
        await table.AssertShowsAsync("rank S or better", k => k.Rank >= ScoreRank.S);
        await Clear(scores);

        // Sorting: the first click puts the best first, the second reverses; the rows stay the same set.
        await table.AssertSortedAsync("Achievement", "descending", k => k.Achievement.TenThousandths, r => Percent(r.Achievement));
        await tab.ScreenshotAsync("sorted");
        await table.AssertSortedAsync("Achievement", "ascending", k => k.Achievement.TenThousandths, r => Percent(r.Achievement));
        await table.AssertSortedAsync("Plays", "descending", k => k.PlayCount, r => int.Parse(r.Plays, CultureInfo.InvariantCulture));
        await table.AssertSortedAsync("Plays", "ascending", k => k.PlayCount, r => int.Parse(r.Plays, CultureInfo.InvariantCulture));

        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    private static int Percent(string text) => (int)Math.Round(decimal.Parse(text.TrimEnd('%'), CultureInfo.InvariantCulture) * 10_000m);

    private static async Task Choose(ILocator scores, string label, string option) =>
        // Not exact: a label's text includes its select's options.
        await scores.GetByLabel(label).SelectOptionAsync(new SelectOptionValue { Label = option });

    private static Task Clear(ILocator scores) =>
        scores.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Clear filters" }).ClickAsync();

    /// <summary>The table against the known scores: the count line first (the page has caught up), then the rows.</summary>
    private sealed class ScoresCheck(PlayerTab tab, IReadOnlyList<KnownScore> known, ITestOutputHelper output)
    {
        private ILocator Status => tab.Card("Scores").GetByRole(AriaRole.Status);

        public async Task AssertShowsAsync(string what, Func<KnownScore, bool> filter)
        {
            var expected = known.Where(filter).ToList();
            output.WriteLine($"{tab.Screen.Name}: {what}: {expected.Count} of {known.Count}");
            await Expect(Status).ToHaveTextAsync(CountLine(expected.Count));
            var shown = await tab.ShownScoresAsync();
            Assert.Equal(expected.Select(k => k.Key).Order(StringComparer.Ordinal), shown.Select(r => r.Key).Order(StringComparer.Ordinal));
        }

        public async Task AssertSortedAsync(string column, string direction, Func<KnownScore, int> value, Func<ShownScore, int> shownValue)
        {
            await tab.ScoresTable.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = column, Exact = true }).ClickAsync();
            await Expect(tab.ScoresTable.GetByRole(AriaRole.Columnheader, new LocatorGetByRoleOptions { Name = column, Exact = true }))
                .ToHaveAttributeAsync("aria-sort", direction);
            var shown = await tab.ShownScoresAsync();
            var values = known.Select(value);
            var expected = direction == "descending" ? values.OrderDescending() : values.Order();
            Assert.Equal(expected, shown.Select(shownValue));
            Assert.Equal(known.Select(k => k.Key).Order(StringComparer.Ordinal), shown.Select(r => r.Key).Order(StringComparer.Ordinal));
        }

        private string CountLine(int matching) => matching == 0
            ? "No chart matches these filters."
            : matching == known.Count
                ? $"1–{matching} of {matching} charts"
                : $"1–{matching} of {matching} charts ({known.Count} in all)";
    }
}
