using System.Net;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Accounts;
using Maimai.Silo.Tests.Hosting;
using Maimai.Silo.Tests.Site;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Admin;

/// <summary>The embedded default, SQLite: migration 0008, the list's SQL with every filter, and the version check.</summary>
public sealed class SqliteSongEditTests
{
    [Fact]
    public async Task On_sqlite_the_list_filters_and_a_stale_save_is_a_conflict()
    {
        await using var silo = await InProcessSilo.StartAsync(
            "--environment=Development", $"--Admins:DiscordIds:0={AccountStore.LocalDiscordPrefix}dev:{AdminFixture.AdminName}").WaitAsync(InProcessSilo.Timeout);
        var editor = silo.Services.GetRequiredService<ISongEditor>();
        var song = await editor.CreateSongAsync(new SongFields("lite", "Lite Song", "Lite Artist", "maimai", 26000, new DateOnly(2025, 7, 1), "l.png", null, true, null, null, false), AuditActor.Admin(1), default).WaitAsync(InProcessSilo.Timeout);
        var fields = new ChartFields(ChartType.Dx, Difficulty.Master, new Level(137), null, null, null, NoteCounts.Unknown, null, false);
        await editor.CreateChartAsync(song.SongId, fields, AuditActor.Admin(1), default).WaitAsync(InProcessSilo.Timeout);
        var chart = (await editor.GetAsync(song.SongId, default).WaitAsync(InProcessSilo.Timeout))!.Charts.Single();

        Assert.Equal(SongEditOutcome.Saved, (await editor.UpdateChartAsync(chart.Id, chart.Version, fields with { InternalLevel = new Level(138) }, AuditActor.Admin(1), default).WaitAsync(InProcessSilo.Timeout)).Outcome);
        var stale = await editor.UpdateChartAsync(chart.Id, chart.Version, fields with { InternalLevel = new Level(139) }, AuditActor.Admin(1), default).WaitAsync(InProcessSilo.Timeout);
        Assert.Equal((SongEditOutcome.Conflict, 2L), (stale.Outcome, stale.CurrentVersion));

        using var browser = new SiteBrowser(silo.HttpPort);
        await browser.SignInAsDeveloperAsync(AdminFixture.AdminName);
        var page = await browser.GetAsync("/admin/songs?q=lite&genre=maimai&version=CiRCLE&region=Intl&type=Dx&difficulty=Master&minlevel=13&maxlevel=13%2B&sort=Added&desc=true");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Lite Song", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Lite Song", (await browser.GetAsync("/admin/songs?q=lite&missing=true")).Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Lite Song", (await browser.GetAsync("/admin/songs?q=lite&region=Intl&discovered=true")).Body, StringComparison.Ordinal);
    }
}
