using System.Net;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Tests.Hosting;
using Maimai.Silo.Tests.Site;
using Maimai.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Tests.Admin;

/// <summary>
/// Editing songs and charts through the admin pages of the real host on PostgreSQL: the edit reaches the song cache,
/// bad input is named beside its field, two admins never overwrite each other unseen, and every change is in the
/// song's history with a revert.
/// </summary>
[Collection(AdminGroup.Name)]
public sealed class SongEditTests(AdminFixture admin)
{
    private static readonly TimeSpan Timeout = InProcessSilo.Timeout;

    private ISongEditor Editor => admin.Silo.Services.GetRequiredService<ISongEditor>();

    [Fact]
    public async Task An_admin_edits_a_charts_internal_level_and_the_song_cache_serves_it()
    {
        var (songId, chartId) = await AddSongAsync("Edit");
        using var browser = await admin.AdminAsync();
        var library = admin.Silo.Services.GetRequiredService<ISongQueries>();
        Assert.Null(await InternalLevelAsync(library, chartId));

        var form = AdminForm.Read(await browser.GetAsync($"/admin/songs/chart/{chartId}"), "Save");
        Assert.Equal("13+", form["Input.Level"]);
        var saved = await form.Set("Input.InternalLevel", "13.8").PostAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal($"/admin/songs/edit/{songId}", saved.Location);
        Assert.Equal(138, await InternalLevelAsync(library, chartId));
        var stored = (await Editor.GetAsync(songId, default).WaitAsync(Timeout))!.Charts.Single();
        Assert.Equal(new NoteCounts(700, 500, 50, 60, 40, 50), stored.Fields.Notes);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Bad_fields_are_named_beside_them_and_nothing_is_saved()
    {
        var (songId, chartId) = await AddSongAsync("Invalid");
        using var browser = await admin.AdminAsync();

        var form = AdminForm.Read(await browser.GetAsync($"/admin/songs/chart/{chartId}"), "Save");
        var page = await form.Set("Input.Level", "thirteen").Set("Input.InternalLevel", "13.75").Set("Input.NotesTap", "-3").PostAsync(browser);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("A level is 1 to 15, with &#x2B; for the upper half", page.Body, StringComparison.Ordinal);
        Assert.Contains("Note counts are 0 to 10000.", page.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"thirteen\"", page.Body, StringComparison.Ordinal);
        page.AssertFriendly();

        var outside = AdminForm.Read(await browser.GetAsync($"/admin/songs/chart/{chartId}"), "Save");
        var wrong = await outside.Set("Input.InternalLevel", "13.2").PostAsync(browser);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Contains("13.2 is not a level 13&#x2B;", wrong.Body, StringComparison.Ordinal);

        var song = await Editor.GetAsync(songId, default).WaitAsync(Timeout);
        Assert.Equal((1L, (Level?)null), (song!.Charts.Single().Version, song.Charts.Single().Fields.InternalLevel));
        var newSong = await AdminForm.Read(await browser.GetAsync("/admin/songs/edit"), "Save").Set("Input.Title", "").PostAsync(browser);
        Assert.Equal(HttpStatusCode.BadRequest, newSong.Status);
        Assert.Contains("A song needs a title.", newSong.Body, StringComparison.Ordinal);
        Assert.Contains("A new song needs a key", newSong.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_admins_editing_one_chart_get_the_conflict_page_with_both_versions_and_no_lost_update()
    {
        var (songId, chartId) = await AddSongAsync("Conflict");
        using var first = await admin.AdminAsync();
        using var second = await admin.AdminAsync();
        var firstForm = AdminForm.Read(await first.GetAsync($"/admin/songs/chart/{chartId}"), "Save");
        var secondForm = AdminForm.Read(await second.GetAsync($"/admin/songs/chart/{chartId}"), "Save");

        Assert.Equal(HttpStatusCode.Redirect, (await firstForm.Set("Input.InternalLevel", "13.7").PostAsync(first)).Status);
        var conflict = await secondForm.Set("Input.InternalLevel", "13.9").PostAsync(second);

        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Contains("Someone else saved this chart", conflict.Body, StringComparison.Ordinal);
        Assert.Contains("&quot;tenths&quot;:137", conflict.Body, StringComparison.Ordinal);
        Assert.Contains("internal 13.9", conflict.Body, StringComparison.Ordinal);
        conflict.AssertFriendly();
        Assert.Equal(137, (await Editor.GetAsync(songId, default).WaitAsync(Timeout))!.Charts.Single().Fields.InternalLevel?.Tenths);

        // Saving again from the conflict page is a choice made seeing both: it wins now.
        var again = await AdminForm.Read(conflict with { Status = HttpStatusCode.OK }, "Save").PostAsync(second);
        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        Assert.Equal(139, (await Editor.GetAsync(songId, default).WaitAsync(Timeout))!.Charts.Single().Fields.InternalLevel?.Tenths);
    }

    [Fact]
    public async Task Every_change_is_in_the_songs_history_and_one_click_reverts_it_unless_it_changed_since()
    {
        var (songId, chartId) = await AddSongAsync("History");
        using var browser = await admin.AdminAsync();
        await AdminForm.Read(await browser.GetAsync($"/admin/songs/chart/{chartId}"), "Save").Set("Input.InternalLevel", "13.7").PostAsync(browser);
        await AdminForm.Read(await browser.GetAsync($"/admin/songs/chart/{chartId}"), "Save").Set("Input.InternalLevel", "13.8").Set("Input.Designer", "someone").PostAsync(browser);

        var history = await browser.GetAsync($"/admin/songs/history/{songId}");
        Assert.Equal(HttpStatusCode.OK, history.Status);
        history.AssertFriendly();
        var changes = await Editor.HistoryAsync(songId, default).WaitAsync(Timeout);
        Assert.Equal(["chart.update", "chart.update", "chart.create", "song.create"], changes.Select(c => c.Action));
        Assert.All(changes, c => Assert.Equal(new AuditActor("admin", c.Actor.UserId), c.Actor));
        Assert.Contains("\"tenths\":137", changes[0].Before, StringComparison.Ordinal);
        Assert.Contains("\"tenths\":138", changes[0].After, StringComparison.Ordinal);

        // The older change is under the newer one: reverting it would lose 13.8, so it is refused.
        var refused = await AdminForm.Read(history, "Revert", ("change", changes[1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).PostAsync(browser);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("It has changed since", refused.Body, StringComparison.Ordinal);

        var reverted = await AdminForm.Read(history, "Revert", ("change", changes[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).PostAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, reverted.Status);
        var chart = (await Editor.GetAsync(songId, default).WaitAsync(Timeout))!.Charts.Single();
        Assert.Equal((137, (string?)null), (chart.Fields.InternalLevel?.Tenths, chart.Fields.Designer));
        Assert.Equal(137, await InternalLevelAsync(admin.Silo.Services.GetRequiredService<ISongQueries>(), chartId));
        Assert.Equal("chart.revert", (await Editor.HistoryAsync(songId, default).WaitAsync(Timeout))[0].Action);
    }

    [Fact]
    public async Task A_deleted_chart_comes_back_under_its_id_by_revert_and_a_song_is_created_and_deleted_from_its_pages()
    {
        var (songId, chartId) = await AddSongAsync("Delete");
        using var browser = await admin.AdminAsync();

        var deleted = await AdminForm.Read(await browser.GetAsync($"/admin/songs/chart/{chartId}"), "Delete").PostAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, deleted.Status);
        Assert.Empty((await Editor.GetAsync(songId, default).WaitAsync(Timeout))!.Charts);
        var change = (await Editor.HistoryAsync(songId, default).WaitAsync(Timeout))[0];
        Assert.Equal("chart.delete", change.Action);
        Assert.Equal(SongEditOutcome.Saved, (await Editor.RevertAsync(change.Id, AuditActor.Admin(1), default).WaitAsync(Timeout)).Outcome);
        Assert.Equal(chartId, (await Editor.GetAsync(songId, default).WaitAsync(Timeout))!.Charts.Single().Id);

        var created = await AdminForm.Read(await browser.GetAsync("/admin/songs/edit"), "Save")
            .Set("Input.Key", "admin-new-" + Guid.NewGuid().ToString("N")).Set("Input.Title", "Brand New").Set("Input.Genre", "maimai")
            .Set("Input.VersionCode", "26000").Set("Input.ImageFile", "new.png").PostAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        var edit = await browser.GetAsync(created.Location!);
        Assert.Contains("Brand New", edit.Body, StringComparison.Ordinal);
        var gone = await AdminForm.Read(edit, "Delete").PostAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, gone.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(created.Location!)).Status);
    }

    [Fact]
    public async Task The_list_searches_filters_sorts_and_pages()
    {
        var tag = "List" + Guid.NewGuid().ToString("N")[..8];
        await AddSongAsync(tag + " Alpha", genre: "ゲームバラエティ", internalLevel: 138);
        await AddSongAsync(tag + " Bravo", artist: "Bravo Artist " + tag, level: 120);
        for (var i = 0; i < 52; i++)
        {
            await Editor.CreateSongAsync(Fields($"{tag}page{i:D2}", $"{tag} Page {i:D2}"), AuditActor.Admin(1), default).WaitAsync(Timeout);
        }

        using var browser = await admin.AdminAsync();
        var page = await browser.GetAsync($"/admin/songs?q={tag}+bravo");
        Assert.Contains($"{tag} Bravo", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain($"{tag} Alpha", page.Body, StringComparison.Ordinal);
        Assert.Contains($"{tag} Bravo", (await browser.GetAsync($"/admin/songs?q=bravo+artist+{tag}")).Body, StringComparison.Ordinal);

        Assert.Equal([$"{tag} Alpha"], Titles(await browser.GetAsync($"/admin/songs?q={tag}&genre=ゲームバラエティ")));
        Assert.Equal([$"{tag} Bravo"], Titles(await browser.GetAsync($"/admin/songs?q={tag}&missing=true")));
        Assert.Equal([$"{tag} Bravo"], Titles(await browser.GetAsync($"/admin/songs?q={tag}&minlevel=12&maxlevel=12")));
        Assert.Equal([$"{tag} Alpha", $"{tag} Bravo"], Titles(await browser.GetAsync($"/admin/songs?q={tag}&type=Dx&difficulty=Master")));
        Assert.Contains("A level is like 13", (await browser.GetAsync($"/admin/songs?q={tag}&minlevel=high")).Body, StringComparison.Ordinal);

        var first = Titles(await browser.GetAsync($"/admin/songs?q={tag}&sort=Title&desc=true"));
        Assert.Equal(50, first.Count);
        Assert.Equal($"{tag} Page 51", first[0]);
        var second = Titles(await browser.GetAsync($"/admin/songs?q={tag}&sort=Title&desc=true&p=2"));
        Assert.Equal([$"{tag} Page 01", $"{tag} Page 00", $"{tag} Bravo", $"{tag} Alpha"], second);
    }

    [Fact]
    public async Task An_edit_reaches_another_nodes_song_cache_within_the_revision_check_interval()
    {
        var (songId, chartId) = await AddSongAsync("Bound");
        var clock = new ManualTimeProvider();
        var interval = new SongCacheOptions().RevisionCheckInterval;
        // Another node: its own cache over the same database, on its own clock.
        var other = new SongCache(new SongRepository(admin.Database), clock, Options.Create(new SongCacheOptions()));
        Assert.Null(Find((await other.GetAsync(default).AsTask().WaitAsync(Timeout)).Library, chartId)?.InternalLevel);
        var chart = (await Editor.GetAsync(songId, default).WaitAsync(Timeout))!.Charts.Single();

        await Editor.UpdateChartAsync(chartId, chart.Version, chart.Fields with { InternalLevel = new Level(139) }, AuditActor.Admin(1), default).WaitAsync(Timeout);

        clock.Advance(interval - TimeSpan.FromSeconds(1));
        Assert.Null(Find((await other.GetAsync(default).AsTask().WaitAsync(Timeout)).Library, chartId)?.InternalLevel);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(139, Find((await other.GetAsync(default).AsTask().WaitAsync(Timeout)).Library, chartId)?.InternalLevel?.Tenths);
        Assert.Equal(TimeSpan.FromSeconds(30), interval);
    }

    [Fact]
    public async Task The_reading_is_saved_from_the_song_form_in_katakana_found_by_the_search_audited_and_reverted()
    {
        var (songId, _) = await AddSongAsync("Reading");
        var title = (await Editor.GetAsync(songId, default).WaitAsync(Timeout))!.Fields.Title;
        // A reading no other song has: the song's own tag spelled in hiragana.
        var hiragana = string.Concat(Guid.NewGuid().ToString("N")[..10].Select(c => "あいうえおかきくけこさしすせそた"[Convert.ToInt32(c.ToString(), 16)]));
        var katakana = TitleReading.ToKatakana(hiragana);
        using var browser = await admin.AdminAsync();

        var saved = await AdminForm.Read(await browser.GetAsync($"/admin/songs/edit/{songId}"), "Save").Set("Input.Reading", hiragana).PostAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal(katakana, (await Editor.GetAsync(songId, default).WaitAsync(Timeout))!.Fields.Reading);
        Assert.Equal(katakana, AdminForm.Read(await browser.GetAsync($"/admin/songs/edit/{songId}"), "Save")["Input.Reading"]);
        Assert.Equal([title], Titles(await browser.GetAsync($"/admin/songs?q={Uri.EscapeDataString(hiragana)}")));
        Assert.Equal([title], Titles(await browser.GetAsync($"/admin/songs?q={Uri.EscapeDataString(katakana[2..8])}")));

        var change = (await Editor.HistoryAsync(songId, default).WaitAsync(Timeout))[0];
        Assert.Equal("song.update", change.Action);
        Assert.Null((string?)System.Text.Json.Nodes.JsonNode.Parse(change.Before!)!["fields"]!["reading"]);
        Assert.Equal(katakana, (string?)System.Text.Json.Nodes.JsonNode.Parse(change.After!)!["fields"]!["reading"]);

        Assert.Equal(SongEditOutcome.Saved, (await Editor.RevertAsync(change.Id, AuditActor.Admin(1), default).WaitAsync(Timeout)).Outcome);
        Assert.Null((await Editor.GetAsync(songId, default).WaitAsync(Timeout))!.Fields.Reading);
    }

    private static List<string> Titles(SiteBrowser.Page page)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page.Body);
        return [.. document.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent)];
    }

    private static async Task<int?> InternalLevelAsync(ISongQueries library, int chartId) =>
        Find(await library.GetLibraryAsync(default).AsTask().WaitAsync(Timeout), chartId)?.InternalLevel?.Tenths;

    private static LibraryChart? Find(SongLibrary library, int chartId) => library.TryGetChart(chartId, out var chart, out _) ? chart : null;

    private static SongFields Fields(string key, string title, string genre = "maimai", string artist = "Someone") =>
        new(key, title, artist, genre, 26000, new DateOnly(2025, 1, 1), "cover.png", "150", IsIntl: true, null, null, Discovered: false);

    /// <summary>A new song with one DX MASTER chart (13+, no internal level unless given), through the editor.</summary>
    private async Task<(int SongId, int ChartId)> AddSongAsync(string title, string genre = "maimai", string artist = "Someone", int level = 137, int? internalLevel = null)
    {
        var key = title + "-" + Guid.NewGuid().ToString("N")[..8];
        var song = await Editor.CreateSongAsync(Fields(key, title, genre, artist), AuditActor.Admin(1), default).WaitAsync(Timeout);
        Assert.Equal(SongEditOutcome.Saved, song.Outcome);
        var chart = new ChartFields(ChartType.Dx, Difficulty.Master, new Level(level), internalLevel is { } i ? new Level(i) : null, null, null,
            new NoteCounts(700, 500, 50, 60, 40, 50), null, Discovered: false);
        Assert.Equal(SongEditOutcome.Saved, (await Editor.CreateChartAsync(song.SongId, chart, AuditActor.Admin(1), default).WaitAsync(Timeout)).Outcome);
        var stored = await Editor.GetAsync(song.SongId, default).WaitAsync(Timeout);
        return (song.SongId, stored!.Charts.Single().Id);
    }
}
