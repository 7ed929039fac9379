using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Maimai.Core.Game;
using Maimai.Silo.Fetching;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>
/// The admin site in Debian's Chromium against the real Silo on PostgreSQL, as an admin uses it: an internal level
/// edited and seen on the player's site, two admins' conflict, an import's progress and summary, a revert from the
/// history, a discovered chart merged, a stuck fetch failed; and every admin page at desktop and phone size.
/// </summary>
[Collection(AdminSiteGroup.Name)]
public sealed partial class AdminSiteTests(AdminWorld world)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [ChromiumFact]
    public async Task An_internal_level_the_admin_edits_shows_on_the_players_site()
    {
        await using var player = await AdminTab.OpenAsync(world, Screen.Desktop, "admin-level-player");
        await using var admin = await AdminTab.OpenAsync(world, Screen.Desktop, "admin-level");
        var discord = await player.SignInAsPlayerAsync("Level Watcher");
        await player.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        await player.FetchNowAsync();
        var chart = await PlayedChartAsync(discord.Id);
        var row = player.Page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "Scores of this snapshot" }).Locator("tbody tr")
            .Filter(new LocatorFilterOptions { HasText = chart.Title }).Filter(new LocatorFilterOptions { HasText = chart.DifficultyText });
        await player.Card("Scores").GetByLabel("Search title or artist").FillAsync(chart.Title);
        await Expect(row).ToHaveCountAsync(1);

        await admin.SignInAsAdminAsync();
        await admin.Page.GotoAsync($"/admin/songs/chart/{chart.Id}");
        await admin.Page.GetByLabel(chart.Field, new PageGetByLabelOptions { Exact = true }).FillAsync(chart.NewInternal);
        await admin.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save", Exact = true }).ClickAsync();
        await Expect(admin.Page).ToHaveURLAsync(new Regex("/admin/songs/edit/\\d+$"));
        await admin.ScreenshotAsync("saved");

        await player.Page.ReloadAsync();
        await player.Card("Scores").GetByLabel("Search title or artist").FillAsync(chart.Title);
        await Expect(row.Locator("td.num").First.Locator("small")).ToHaveTextAsync(chart.NewInternal);
        await player.ScreenshotAsync("new-internal-level");
        admin.AssertNoServerErrors();
    }

    [ChromiumFact]
    public async Task Two_admins_saving_one_chart_the_second_gets_the_conflict_page_with_both_versions()
    {
        await using var first = await AdminTab.OpenAsync(world, Screen.Phone, "admin-conflict-first");
        await using var second = await AdminTab.OpenAsync(world, Screen.Desktop, "admin-conflict-second");
        await first.SignInAsAdminAsync();
        await second.SignInAsAdminAsync();
        var chartId = await AnyChartAsync("c.difficulty = 2");
        await first.Page.GotoAsync($"/admin/songs/chart/{chartId}");
        await second.Page.GotoAsync($"/admin/songs/chart/{chartId}");

        await first.Page.GetByLabel("Designer").FillAsync("First Admin");
        await first.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save", Exact = true }).ClickAsync();
        await Expect(first.Page).ToHaveURLAsync(new Regex("/admin/songs/edit/\\d+$"));
        await second.Page.GetByLabel("Designer").FillAsync("Second Admin");
        await second.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save", Exact = true }).ClickAsync();

        var alert = second.Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Someone else saved this chart while you were editing it.");
        await Expect(alert).ToContainTextAsync("First Admin");
        await Expect(second.Page.GetByLabel("Designer")).ToHaveValueAsync("Second Admin");
        await second.ScreenshotAsync("conflict", "conflict");
        await second.AssertNoStackTraceAsync();
        Assert.Equal("First Admin", await DesignerAsync(chartId));

        // Saving again, seeing both, is a choice: now it goes through.
        await second.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save", Exact = true }).ClickAsync();
        await Expect(second.Page).ToHaveURLAsync(new Regex("/admin/songs/edit/\\d+$"));
        Assert.Equal("Second Admin", await DesignerAsync(chartId));
        first.AssertNoServerErrors();
    }

    [ChromiumFact]
    public async Task A_revert_from_the_songs_history_puts_the_internal_level_back()
    {
        await using var admin = await AdminTab.OpenAsync(world, Screen.Desktop, "admin-revert");
        await admin.SignInAsAdminAsync();
        var chartId = await AnyChartAsync("c.difficulty = 1");
        await admin.Page.GotoAsync($"/admin/songs/chart/{chartId}");
        var internalLevel = admin.Page.GetByLabel("Internal level", new PageGetByLabelOptions { Exact = true });
        var before = await internalLevel.InputValueAsync();
        await using (var connection = await world.Database.OpenAsync().WaitAsync(Timeout))
        {
            var (level, current) = await connection.QuerySingleAsync<(int, int?)>(
                "SELECT level_x10, internal_level_x10 FROM charts WHERE id = @chartId", new { chartId }).WaitAsync(Timeout);
            await internalLevel.FillAsync(OtherInternal(level, current));
        }

        await admin.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save", Exact = true }).ClickAsync();
        await Expect(admin.Page).ToHaveURLAsync(new Regex("/admin/songs/edit/\\d+$"));

        await admin.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "History" }).ClickAsync();
        var newest = admin.Page.Locator("main section").First;
        await Expect(newest.GetByRole(AriaRole.Heading)).ToContainTextAsync("chart.update");
        await admin.ScreenshotAsync("history", "history");
        await newest.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Revert this change" }).ClickAsync();
        await Expect(admin.Page.Locator("main section").First.GetByRole(AriaRole.Heading)).ToContainTextAsync("chart.revert");

        await admin.Page.GotoAsync($"/admin/songs/chart/{chartId}");
        await Expect(internalLevel).ToHaveValueAsync(before);
        admin.AssertNoServerErrors();
    }

    [ChromiumFact]
    public async Task A_discovered_chart_merged_into_its_chart_takes_the_players_score_with_it()
    {
        await using var admin = await AdminTab.OpenAsync(world, Screen.Desktop, "admin-merge");
        var (discovered, target, score) = await DiscoveredChartWithScoreAsync();
        await admin.SignInAsAdminAsync();

        await admin.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Discovered", Exact = true }).ClickAsync();
        var entry = admin.Page.Locator($"tr[data-chart='{discovered}']");
        await Expect(entry).ToContainTextAsync("1 / 1 / 0");
        await admin.ScreenshotAsync("queue", "discovered");
        await entry.GetByLabel("Target chart id").FillAsync(target.ToString(CultureInfo.InvariantCulture));
        await entry.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Merge" }).ClickAsync();

        await Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Chart {discovered} was merged into chart {target}");
        await Expect(entry).ToHaveCountAsync(0);
        await using var connection = await world.Database.OpenAsync().WaitAsync(Timeout);
        Assert.Equal(target, await connection.ExecuteScalarAsync<int>("SELECT chart_id FROM user_scores WHERE id = @score", new { score }).WaitAsync(Timeout));
        admin.AssertNoServerErrors();
    }

    [ChromiumFact]
    public async Task A_stuck_fetch_failed_by_the_admin_ends_on_the_players_site()
    {
        await using var player = await AdminTab.OpenAsync(world, Screen.Phone, "admin-stuck-player");
        await using var admin = await AdminTab.OpenAsync(world, Screen.Desktop, "admin-stuck");
        await player.SignInAsPlayerAsync("Stuck Player");
        await player.SaveWorkingTokenAsync("userId=" + world.Intl.Sessions.Current);
        world.Intl.Faults.Latency = TimeSpan.FromMinutes(10);
        try
        {
            await player.StartFetchAsync();
            await admin.SignInAsAdminAsync();
            await admin.Page.GotoAsync("/admin/fetches");
            var stuck = admin.Page.Locator("tbody tr").Filter(new LocatorFilterOptions { HasText = "Stuck Player" });
            await Expect(stuck).ToHaveCountAsync(1);
            await stuck.GetByRole(AriaRole.Link).First.ClickAsync();
            await Expect(admin.Page.Locator("#fetch-state")).ToHaveTextAsync(new Regex("^(Pending|Running)$"));
            await admin.ScreenshotAsync("running", "fetch");
            await admin.Page.GetByLabel("Why (kept in the audit, not shown to the player)").FillAsync("hangs on the site");
            await admin.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Fail the fetch" }).ClickAsync();

            await Expect(admin.Page.Locator("#fetch-state")).ToHaveTextAsync("Failed");
            await Expect(admin.Page.Locator("#fetch-error")).ToContainTextAsync(FetchErrors.AdminStoppedMessage);
            await admin.ScreenshotAsync("failed");
            await Expect(player.Card("Fetch").GetByRole(AriaRole.Alert)).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = AdminTab.FetchTimeout });
            await player.ScreenshotAsync("failed-on-the-site");
        }
        finally
        {
            world.Intl.Faults.Latency = TimeSpan.Zero;
        }

        admin.AssertNoServerErrors();
    }

    [AdminSharedFact]
    public async Task An_import_of_the_server_lists_shows_its_progress_then_its_summary()
    {
        await using var admin = await AdminTab.OpenAsync(world, Screen.Desktop, "admin-import");
        await admin.SignInAsAdminAsync();
        await admin.Page.GotoAsync("/admin/songs/import");
        await admin.Page.GetByLabel("or the jp list on the server").SelectOptionAsync("music-ex.json");
        await admin.Page.GetByLabel("or the intl list on the server").SelectOptionAsync("music-ex-intl.json");
        await admin.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Import" }).ClickAsync();

        await Expect(admin.Page.Locator("#bar")).ToBeVisibleAsync();
        await Expect(admin.Page.Locator("#total")).Not.ToHaveTextAsync("0");
        await admin.ScreenshotAsync("progress", "import");
        var summary = admin.Page.Locator("#summary");
        await Expect(summary).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 180_000 });
        await Expect(summary.Locator("tbody tr")).ToHaveCountAsync(2);
        var added = await summary.Locator("tbody tr").First.Locator("td").Nth(2).InnerTextAsync();
        Assert.True(int.Parse(added, CultureInfo.InvariantCulture) > 0, $"the jp list added {added} songs");
        await admin.ScreenshotAsync("summary");
        admin.AssertNoServerErrors();
    }

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task Every_admin_page_fits_the_screen_and_shows_no_stack_trace(string screen)
    {
        await using var admin = await AdminTab.OpenAsync(world, Screen.Named(screen), "admin-pages");
        await admin.SignInAsAdminAsync();
        var chartId = await AnyChartAsync("c.difficulty = 3");
        await using var connection = await world.Database.OpenAsync().WaitAsync(Timeout);
        var songId = await connection.ExecuteScalarAsync<int>("SELECT song_id FROM charts WHERE id = @chartId", new { chartId }).WaitAsync(Timeout);
        var userId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM users").WaitAsync(Timeout);
        var fetchId = await connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM fetch_sessions").WaitAsync(Timeout);
        string[] pages =
        [
            "/admin", "/admin/songs", $"/admin/songs/edit/{songId}", $"/admin/songs/chart/{chartId}", $"/admin/songs/history/{songId}",
            "/admin/songs/import", "/admin/songs/export", "/admin/songs/discovered", "/admin/users", $"/admin/users/detail/{userId}",
            "/admin/fetches", .. fetchId is { } f ? [$"/admin/fetches/detail/{f}"] : Array.Empty<string>(),
            "/admin/plugins", "/admin/plugins/warnings", "/admin/silos",
        ];
        foreach (var path in pages)
        {
            var response = await admin.Page.GotoAsync(path);
            Assert.True(response?.Ok == true, $"{path}: {response?.Status}");
            await admin.AssertNoStackTraceAsync();
            await admin.AssertFitsWidthAsync();
            var name = path == "/admin" ? "home" : PageName().Replace(path["/admin/".Length..], "-");
            await admin.ScreenshotAsync(name, name is "home" or "plugins" or "silos" or "songs" ? name : null);
        }

        admin.AssertNoServerErrors();
    }

    /// <summary>
    /// A chart the (international) player has a score on, alone on its title and difficulty; the field their site
    /// reads its internal level from (the intl override when the chart has one), and a value for it other than its own.
    /// </summary>
    private async Task<(int Id, string Title, string DifficultyText, string Field, string NewInternal)> PlayedChartAsync(string discordId)
    {
        await using var connection = await world.Database.OpenAsync().WaitAsync(Timeout);
        var rows = (await connection.QueryAsync<(int Id, string Title, int Difficulty, int Level, int? Internal, int? IntlLevel, int? IntlInternal)>("""
            SELECT c.id, s.title, c.difficulty, c.level_x10, c.internal_level_x10, c.intl_level_x10, c.intl_internal_level_x10
            FROM user_scores u JOIN users p ON p.id = u.user_id JOIN charts c ON c.id = u.chart_id JOIN songs s ON s.id = c.song_id
            WHERE p.discord_id = @discordId
            """, new { discordId }).WaitAsync(Timeout)).ToList();
        // Searching the title must leave one row of that difficulty: no other chart of it at that difficulty (MASTER
        // also reads in Re:MASTER), no other title holding it.
        var chart = rows.Where(r => r.Difficulty is >= 0 and <= 3 && r.Title.Trim().Length >= 2)
            .Where(r => rows.Count(o => o.Title == r.Title && (o.Difficulty == r.Difficulty || (r.Difficulty == 3 && o.Difficulty == 4))) == 1)
            .First(r => !rows.Any(o => o.Title != r.Title && o.Title.Contains(r.Title, StringComparison.OrdinalIgnoreCase)));
        var difficulty = KnownScore.DifficultyText((Difficulty)chart.Difficulty);
        return chart.IntlInternal is not null
            ? (chart.Id, chart.Title, difficulty, "Intl internal level (override)", OtherInternal(chart.IntlLevel ?? chart.Level, chart.IntlInternal))
            : (chart.Id, chart.Title, difficulty, "Internal level", OtherInternal(chart.Level, chart.Internal));
    }

    /// <summary>An internal level the chart's displayed level allows (13: 13.0-13.6, 13+: 13.7-13.9) other than its own.</summary>
    private static string OtherInternal(int level, int? current)
    {
        var whole = level / 10 * 10;
        var allowed = level % 10 >= 7 ? Enumerable.Range(whole + 7, 3) : Enumerable.Range(whole, 7);
        return (allowed.First(l => l != current) / 10m).ToString("0.0", CultureInfo.InvariantCulture);
    }

    private async Task<int> AnyChartAsync(string where)
    {
        await using var connection = await world.Database.OpenAsync().WaitAsync(Timeout);
        // A different chart for each test: the newest of the kind no audit entry names yet.
        return await connection.ExecuteScalarAsync<int>($"""
            SELECT MAX(c.id) FROM charts c
            WHERE {where} AND NOT c.discovered
              AND NOT EXISTS (SELECT 1 FROM admin_audit a WHERE a.entity = 'song' AND a.entity_id = CAST(c.song_id AS TEXT))
            """).WaitAsync(Timeout);
    }

    private async Task<string?> DesignerAsync(int chartId)
    {
        await using var connection = await world.Database.OpenAsync().WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<string?>("SELECT designer FROM charts WHERE id = @chartId", new { chartId }).WaitAsync(Timeout);
    }

    /// <summary>As a fetch leaves it: a discovered song and chart, and a player's score on it; and a real chart of the same kind to merge into.</summary>
    private async Task<(int Discovered, int Target, long Score)> DiscoveredChartWithScoreAsync()
    {
        await using var connection = await world.Database.OpenAsync().WaitAsync(Timeout);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var target = await AnyChartAsync("c.difficulty = 3 AND c.chart_type = 2");
        var userId = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO users (discord_id, display_name, created_at) VALUES (@id, 'Merged Player', @now) RETURNING id",
            new { id = "83" + tag, now = DateTimeOffset.UtcNow }).WaitAsync(Timeout);
        var songId = await connection.ExecuteScalarAsync<int>(
            "INSERT INTO songs (song_key, title, artist, genre, version_code, image_file, discovered) VALUES (@key, @title, '', 'maimai', 0, '', TRUE) RETURNING id",
            new { key = "discovered" + tag, title = "Found " + tag }).WaitAsync(Timeout);
        var chartId = await connection.ExecuteScalarAsync<int>(
            "INSERT INTO charts (song_id, chart_type, difficulty, level_x10, discovered) VALUES (@songId, 2, 3, 130, TRUE) RETURNING id", new { songId }).WaitAsync(Timeout);
        var snapshot = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO user_snapshots (user_id, region, seq, taken_at, player_name) VALUES (@userId, 1, 1, @now, 'P') RETURNING id",
            new { userId, now = DateTimeOffset.UtcNow }).WaitAsync(Timeout);
        var score = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO user_scores (user_id, region, chart_id, snapshot_seq, snapshot_id, achievement, dx_score, combo_lamp, sync_lamp)
            VALUES (@userId, 1, @chartId, 1, @snapshot, 1000000, 2000, 0, 0) RETURNING id
            """, new { userId, chartId, snapshot }).WaitAsync(Timeout);
        return (chartId, target, score);
    }

    [GeneratedRegex(@"[/?=&]+")]
    private static partial Regex PageName();
}
