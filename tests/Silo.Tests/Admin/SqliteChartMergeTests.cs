using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Admin;

/// <summary>The embedded default, SQLite: a discovered chart's merge and its revert move the score versions (SQLite's own id list).</summary>
public sealed class SqliteChartMergeTests
{
    private static readonly TimeSpan Timeout = InProcessSilo.Timeout;

    [Fact]
    public async Task On_sqlite_a_merge_moves_the_scores_and_its_revert_moves_them_back()
    {
        await using var silo = await InProcessSilo.StartAsync("--environment=Development").WaitAsync(Timeout);
        var services = silo.Services;
        var editor = services.GetRequiredService<ISongEditor>();
        var database = services.GetRequiredService<Database>();
        var song = await editor.CreateSongAsync(new SongFields("lite-merge", "Lite Merge", "Artist", "maimai", 26000, null, "l.png", null, true, null, null, false), AuditActor.Admin(1), default).WaitAsync(Timeout);
        await editor.CreateChartAsync(song.SongId, new ChartFields(ChartType.Dx, Difficulty.Master, new Level(130), null, null, null, NoteCounts.Unknown, null, false), AuditActor.Admin(1), default).WaitAsync(Timeout);
        var target = (await editor.GetAsync(song.SongId, default).WaitAsync(Timeout))!.Charts.Single().Id;
        int discovered;
        await using (var tx = await database.BeginAsync().WaitAsync(Timeout))
        {
            var songs = services.GetRequiredService<SongRepository>();
            var (songId, _) = await songs.AddDiscoveredSongAsync(tx, "discoveredlite", "Lite Merge?", "maimai", "").WaitAsync(Timeout);
            (discovered, _) = await songs.AddDiscoveredChartAsync(tx, songId, ChartType.Dx, Difficulty.Master, new Level(130), null).WaitAsync(Timeout);
            await tx.CommitAsync();
        }

        var user = await services.GetRequiredService<IAccountStore>().CreateLocalUserAsync("lite player", isAdmin: false, default).WaitAsync(Timeout);
        long score;
        await using (var connection = await database.OpenAsync().WaitAsync(Timeout))
        {
            var snapshot = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO user_snapshots (user_id, region, seq, taken_at, player_name) VALUES (@Id, 1, 1, @At, 'P') RETURNING id", new { user.Id, At = DateTimeOffset.UtcNow }).WaitAsync(Timeout);
            score = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO user_scores (user_id, region, chart_id, snapshot_seq, snapshot_id, achievement, dx_score, combo_lamp, sync_lamp)
                VALUES (@Id, 1, @Chart, 1, @Snapshot, 1000000, 2000, 0, 0) RETURNING id
                """, new { user.Id, Chart = discovered, Snapshot = snapshot }).WaitAsync(Timeout);
        }

        var queue = services.GetRequiredService<IDiscoveredCharts>();
        Assert.Contains(await queue.ListAsync(default).WaitAsync(Timeout), e => e.ChartId == discovered && e.ScoreVersions == 1);
        Assert.Equal(SongEditOutcome.Saved, (await queue.MergeAsync(discovered, target, AuditActor.Admin(1), default).WaitAsync(Timeout)).Outcome);
        Assert.Equal(target, await ChartOfAsync(database, score));
        Assert.DoesNotContain(await queue.ListAsync(default).WaitAsync(Timeout), e => e.ChartId == discovered);

        var merge = (await editor.HistoryAsync(song.SongId, default).WaitAsync(Timeout)).First(c => c.Action == ChartMergeRepository.MergeAction);
        Assert.Equal(SongEditOutcome.Saved, (await editor.RevertAsync(merge.Id, AuditActor.Admin(1), default).WaitAsync(Timeout)).Outcome);
        Assert.Equal(discovered, await ChartOfAsync(database, score));
        Assert.Contains(await queue.ListAsync(default).WaitAsync(Timeout), e => e.ChartId == discovered && e.ScoreVersions == 1);
    }

    private static async Task<int> ChartOfAsync(Database database, long score)
    {
        await using var connection = await database.OpenAsync().WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<int>("SELECT chart_id FROM user_scores WHERE id = @score", new { score }).WaitAsync(Timeout);
    }
}
