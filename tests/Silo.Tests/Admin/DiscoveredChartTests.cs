using System.Globalization;
using System.Net;
using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Admin;

/// <summary>
/// The queue of charts fetches discovered: merged into the chart they are, every score version and play moves with
/// them (each version at its own snapshot) and the history's revert moves them back; completed, they leave the queue.
/// </summary>
[Collection(AdminGroup.Name)]
public sealed class DiscoveredChartTests(AdminFixture admin)
{
    private static readonly TimeSpan Timeout = InProcessSilo.Timeout;

    private ISongEditor Editor => admin.Silo.Services.GetRequiredService<ISongEditor>();

    [Fact]
    public async Task A_merge_moves_every_players_score_versions_and_plays_to_the_target_and_its_revert_moves_them_back()
    {
        var title = "Merge " + Tag();
        var (targetSong, target) = await AddSongAsync(title);
        var (discoveredSong, discovered) = await AddDiscoveredAsync(title);
        var alice = await PlayerAsync("alice");
        var bob = await PlayerAsync("bob");
        // Alice: snapshot 1 read the chart as discovered, snapshot 2 (after an import) as the target. Bob: only discovered.
        var a1 = await SnapshotAsync(alice, 1);
        var a2 = await SnapshotAsync(alice, 2);
        var b1 = await SnapshotAsync(bob, 1);
        var aliceOld = await ScoreAsync(alice, discovered, a1, 1, 985000);
        var aliceNew = await ScoreAsync(alice, target, a2, 2, 1000500);
        var bobOld = await ScoreAsync(bob, discovered, b1, 1, 970000);
        var play = await PlayAsync(alice, discovered, title);
        using var browser = await admin.AdminAsync();

        var queue = await browser.GetAsync("/admin/songs/discovered");
        Assert.Contains($"<tr data-chart=\"{discovered}\">", queue.Body, StringComparison.Ordinal);
        Assert.Contains("<td>2 / 2 / 1</td>", queue.Body, StringComparison.Ordinal);
        var merged = await AdminForm.Read(queue, "Merge", ("chartId", Id(discovered))).Set("targetChartId", Id(target)).PostAsync(browser);

        Assert.Equal(HttpStatusCode.Found, merged.Status);
        var after = await browser.GetAsync(merged.Location!);
        Assert.Contains($"Chart {discovered} was merged into chart {target}", after.Body, StringComparison.Ordinal);
        Assert.DoesNotContain($"<tr data-chart=\"{discovered}\">", after.Body, StringComparison.Ordinal);
        Assert.Equal([(aliceOld, target, 1), (aliceNew, target, 2), (bobOld, target, 1)], await ScoresAsync(aliceOld, aliceNew, bobOld));
        Assert.Equal(target, await PlayChartAsync(play));
        Assert.Null(await Editor.FindChartSongAsync(discovered, default).WaitAsync(Timeout));
        Assert.Null(await Editor.GetAsync(discoveredSong, default).WaitAsync(Timeout)); // the discovered song had no other chart

        // The target song's history records the merge; its revert puts the chart, its song and its rows back.
        var history = await browser.GetAsync($"/admin/songs/history/{targetSong}");
        Assert.Contains(ChartMergeRepository.MergeAction, history.Body, StringComparison.Ordinal);
        var change = (await Editor.HistoryAsync(targetSong, default).WaitAsync(Timeout)).First(c => c.Action == ChartMergeRepository.MergeAction);
        var reverted = await AdminForm.Read(history, "Revert", ("change", change.Id.ToString(CultureInfo.InvariantCulture))).PostAsync(browser);

        Assert.Equal(HttpStatusCode.Found, reverted.Status);
        Assert.Equal([(aliceOld, discovered, 1), (aliceNew, target, 2), (bobOld, discovered, 1)], await ScoresAsync(aliceOld, aliceNew, bobOld));
        Assert.Equal(discovered, await PlayChartAsync(play));
        var back = (await Editor.GetAsync(discoveredSong, default).WaitAsync(Timeout))!;
        Assert.True(back.Fields.Discovered);
        Assert.Equal(discovered, back.Charts.Single().Id);
        Assert.Contains($"<tr data-chart=\"{discovered}\">", (await browser.GetAsync("/admin/songs/discovered")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merge_is_refused_with_nothing_moved_when_a_snapshot_holds_both_charts_or_the_target_is_not_the_same_chart()
    {
        var title = "Refuse " + Tag();
        var (_, target) = await AddSongAsync(title);
        var (_, discovered) = await AddDiscoveredAsync(title);
        var (_, otherDifficulty) = await AddDiscoveredAsync(title + " expert", Difficulty.Expert);
        var carol = await PlayerAsync("carol");
        var snapshot = await SnapshotAsync(carol, 1);
        var onDiscovered = await ScoreAsync(carol, discovered, snapshot, 1, 990000);
        var onTarget = await ScoreAsync(carol, target, snapshot, 1, 995000);
        using var browser = await admin.AdminAsync();
        var queue = await browser.GetAsync("/admin/songs/discovered");

        var both = await AdminForm.Read(queue, "Merge", ("chartId", Id(discovered))).Set("targetChartId", Id(target)).PostAsync(browser);
        var intoDiscovered = await AdminForm.Read(queue, "Merge", ("chartId", Id(otherDifficulty))).Set("targetChartId", Id(discovered)).PostAsync(browser);
        var missing = await AdminForm.Read(queue, "Merge", ("chartId", Id(discovered))).Set("targetChartId", "987654321").PostAsync(browser);
        var blank = await AdminForm.Read(queue, "Merge", ("chartId", Id(discovered))).Set("targetChartId", "").PostAsync(browser);

        Assert.Equal(HttpStatusCode.BadRequest, both.Status);
        Assert.Contains("1 snapshots hold a score on both charts", both.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, intoDiscovered.Status);
        Assert.Contains("The target is itself discovered", intoDiscovered.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains("no chart 987654321", missing.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, blank.Status);
        Assert.Contains("Give the id of the chart", blank.Body, StringComparison.Ordinal);
        both.AssertFriendly();
        Assert.Equal([(onDiscovered, discovered, 1), (onTarget, target, 1)], await ScoresAsync(onDiscovered, onTarget));

        // Into a chart of another difficulty: refused too.
        var (_, expert) = await AddSongAsync(title + " expert", Difficulty.Expert);
        var mismatch = await admin.Silo.Services.GetRequiredService<IDiscoveredCharts>().MergeAsync(discovered, expert, AuditActor.Admin(1), default).WaitAsync(Timeout);
        Assert.Equal(SongEditOutcome.Refused, mismatch.Outcome);
        Assert.Contains("scores move only to the same chart", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completing_the_chart_and_its_song_on_their_edit_pages_takes_the_entry_off_the_queue()
    {
        var (songId, chartId) = await AddDiscoveredAsync("Complete " + Tag());
        using var browser = await admin.AdminAsync();
        Assert.Contains($"<tr data-chart=\"{chartId}\">", (await browser.GetAsync("/admin/songs/discovered")).Body, StringComparison.Ordinal);

        var chart = await AdminForm.Read(await browser.GetAsync($"/admin/songs/chart/{chartId}"), "Save")
            .Set("Input.InternalLevel", "12.4").Set("Input.Discovered", null).PostAsync(browser);
        Assert.Equal(HttpStatusCode.Found, chart.Status);
        Assert.Contains($"<tr data-chart=\"{chartId}\">", (await browser.GetAsync("/admin/songs/discovered")).Body, StringComparison.Ordinal); // the song is still discovered
        var song = await AdminForm.Read(await browser.GetAsync($"/admin/songs/edit/{songId}"), "Save")
            .Set("Input.Artist", "Found Artist").Set("Input.VersionCode", "25000").Set("Input.ImageFile", "found.png").Set("Input.Discovered", null).PostAsync(browser);

        Assert.Equal(HttpStatusCode.Found, song.Status);
        Assert.DoesNotContain($"<tr data-chart=\"{chartId}\">", (await browser.GetAsync("/admin/songs/discovered")).Body, StringComparison.Ordinal);
        var stored = (await Editor.GetAsync(songId, default).WaitAsync(Timeout))!;
        Assert.Equal(("Found Artist", false, new Level(124), false), (stored.Fields.Artist, stored.Fields.Discovered, stored.Charts.Single().Fields.InternalLevel!.Value, stored.Charts.Single().Fields.Discovered));
    }

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<(int SongId, int ChartId)> AddSongAsync(string title, Difficulty difficulty = Difficulty.Master)
    {
        var song = await Editor.CreateSongAsync(new SongFields(title + "-" + Tag(), title, "Someone", "maimai", 26000, new DateOnly(2025, 1, 1), "cover.png", "150", true, null, null, false),
            AuditActor.Admin(1), default).WaitAsync(Timeout);
        var chart = new ChartFields(ChartType.Dx, difficulty, new Level(125), new Level(127), null, null, new NoteCounts(700, 500, 50, 60, 40, 50), null, false);
        Assert.Equal(SongEditOutcome.Saved, (await Editor.CreateChartAsync(song.SongId, chart, AuditActor.Admin(1), default).WaitAsync(Timeout)).Outcome);
        return (song.SongId, (await Editor.GetAsync(song.SongId, default).WaitAsync(Timeout))!.Charts.Single().Id);
    }

    // As a fetch records a chart the database lacks (ChartDiscovery): a discovered song with a discovered chart.
    private async Task<(int SongId, int ChartId)> AddDiscoveredAsync(string title, Difficulty difficulty = Difficulty.Master)
    {
        var songs = admin.Silo.Services.GetRequiredService<SongRepository>();
        await using var tx = await admin.Database.BeginAsync().WaitAsync(Timeout);
        var (songId, _) = await songs.AddDiscoveredSongAsync(tx, "discovered" + title + Tag(), title, "maimai", "").WaitAsync(Timeout);
        var (chartId, _) = await songs.AddDiscoveredChartAsync(tx, songId, ChartType.Dx, difficulty, new Level(125), 700).WaitAsync(Timeout);
        await tx.CommitAsync();
        return (songId, chartId);
    }

    private async Task<long> PlayerAsync(string name) =>
        (await admin.Silo.Services.GetRequiredService<IAccountStore>().CreateLocalUserAsync(name + " " + Tag(), isAdmin: false, default).WaitAsync(Timeout)).Id;

    private async Task<long> SnapshotAsync(long userId, int seq)
    {
        await using var connection = await admin.Database.OpenAsync().WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO user_snapshots (user_id, region, seq, taken_at, player_name) VALUES (@userId, 1, @seq, @at, 'P') RETURNING id",
            new { userId, seq, at = DateTimeOffset.UtcNow }).WaitAsync(Timeout);
    }

    private async Task<long> ScoreAsync(long userId, int chartId, long snapshotId, int seq, int achievement)
    {
        await using var connection = await admin.Database.OpenAsync().WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO user_scores (user_id, region, chart_id, snapshot_seq, snapshot_id, achievement, dx_score, combo_lamp, sync_lamp)
            VALUES (@userId, 1, @chartId, @seq, @snapshotId, @achievement, 2000, 0, 0) RETURNING id
            """, new { userId, chartId, seq, snapshotId, achievement }).WaitAsync(Timeout);
    }

    private async Task<long> PlayAsync(long userId, int chartId, string title)
    {
        await using var connection = await admin.Database.OpenAsync().WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO detailed_scores (user_id, region, played_at, track, chart_id, title, chart_type, difficulty, achievement, dx_score, combo_lamp, sync_lamp, created_at)
            VALUES (@userId, 1, 1767225600, 1, @chartId, @title, 2, 3, 990000, 2000, 0, 0, @at) RETURNING id
            """, new { userId, chartId, title, at = DateTimeOffset.UtcNow }).WaitAsync(Timeout);
    }

    private async Task<List<(long Id, int ChartId, int Seq)>> ScoresAsync(params long[] ids)
    {
        await using var connection = await admin.Database.OpenAsync().WaitAsync(Timeout);
        var rows = await connection.QueryAsync<(long, int, int)>(
            "SELECT id, chart_id, snapshot_seq FROM user_scores WHERE id = ANY(@ids) ORDER BY id", new { ids }).WaitAsync(Timeout);
        return [.. rows];
    }

    private async Task<int?> PlayChartAsync(long playId)
    {
        await using var connection = await admin.Database.OpenAsync().WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<int?>("SELECT chart_id FROM detailed_scores WHERE id = @playId", new { playId }).WaitAsync(Timeout);
    }
}
