using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Tests.Hosting;
using Maimai.Silo.Tests.Site;
using Maimai.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Admin;

/// <summary>
/// The import page runs the otoge-db lists as a job whose progress the page polls to a summary (added, changed,
/// unchanged); a bad file fails the job with a clear word and imports nothing; the export gives JSON and CSV.
/// </summary>
[Collection(AdminGroup.Name)]
public sealed class SongImportTests(AdminFixture admin)
{
    private static readonly TimeSpan Timeout = InProcessSilo.Timeout;

    [SharedFact]
    public async Task An_uploaded_list_imports_with_progress_to_a_summary_and_again_changes_nothing()
    {
        var songs = JsonNode.Parse(await File.ReadAllTextAsync(SharedFolder.File("data", "otoge-db", "music-ex.json")))!.AsArray();
        var part = new JsonArray([.. songs.Take(20).Select(s => s!.DeepClone())]);
        using var browser = await admin.AdminAsync();

        var first = await ImportAsync(browser, ("jp", "first-twenty.json", part.ToJsonString()));
        var again = await ImportAsync(browser, ("jp", "first-twenty.json", part.ToJsonString()));

        var summary = Assert.Single(first.Summary);
        Assert.Equal((20, 0), (summary.Songs, summary.SongsUnchanged));
        Assert.Equal(20, summary.SongsAdded + summary.SongsChanged);
        Assert.Equal((20, 20), (first.Done, first.Total));
        var unchanged = Assert.Single(again.Summary);
        Assert.Equal((0, 0, 20, 0, 0), (unchanged.SongsAdded, unchanged.SongsChanged, unchanged.SongsUnchanged, unchanged.ChartsAdded, unchanged.ChartsChanged));
        var page = await browser.GetAsync($"/admin/songs/import?job={again.Id}");
        Assert.Contains("<td>first-twenty.json (Jp)</td><td>20</td><td>0</td><td>0</td><td>20</td>", page.Body, StringComparison.Ordinal);
        page.AssertFriendly();
    }

    [SharedFact]
    public async Task Both_real_lists_on_the_server_import_jp_first_then_intl()
    {
        using var browser = await admin.AdminAsync();
        var form = AdminForm.Read(await browser.GetAsync("/admin/songs/import"), "Start");
        Assert.Contains("music-ex-intl.json", (await browser.GetAsync("/admin/songs/import")).Body, StringComparison.Ordinal);

        var started = await form.Set("serverJp", "music-ex.json").Set("serverIntl", "music-ex-intl.json").PostAsync(browser);
        var job = await FollowAsync(browser, started);

        Assert.Equal(SongImportState.Completed, job.State);
        Assert.Equal([(Region.Jp, "music-ex.json"), (Region.Intl, "music-ex-intl.json")], job.Summary.Select(s => (s.Region, s.Name)));
        Assert.Equal(job.Total, job.Done);
        Assert.True(job.Summary[0].Songs > 1500, $"{job.Summary[0].Songs} songs in the jp list");
        var library = await admin.Silo.Services.GetRequiredService<ISongQueries>().GetLibraryAsync(default).AsTask().WaitAsync(Timeout);
        Assert.True(library.ChartCount > 5000, $"the cache holds {library.ChartCount} charts");
    }

    [Fact]
    public async Task A_list_that_is_not_json_fails_the_job_with_a_clear_word_and_imports_nothing()
    {
        using var browser = await admin.AdminAsync();
        var before = (await admin.Silo.Services.GetRequiredService<ISongEditor>().SearchAsync(new SongListQuery(), default).WaitAsync(Timeout)).Total;

        var job = await ImportAsync(browser, ("jp", "broken.json", "[{\"title\": \"half"));

        Assert.Equal(SongImportState.Failed, job.State);
        Assert.Contains("broken.json is not valid JSON", job.Error, StringComparison.Ordinal);
        Assert.Empty(job.Summary);
        Assert.Equal(before, (await admin.Silo.Services.GetRequiredService<ISongEditor>().SearchAsync(new SongListQuery(), default).WaitAsync(Timeout)).Total);
        var none = await AdminForm.Read(await browser.GetAsync("/admin/songs/import"), "Start").PostAsync(browser);
        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Contains("Choose a jp list, an intl list or both.", none.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_gives_every_song_and_chart_as_json_and_csv()
    {
        var editor = admin.Silo.Services.GetRequiredService<ISongEditor>();
        var key = "export-" + Guid.NewGuid().ToString("N");
        var song = await editor.CreateSongAsync(new SongFields(key, "Export, \"quoted\"", "A", "maimai", 26000, null, "x.png", null, false, null, null, false, "エクスポート"), AuditActor.Admin(1), default).WaitAsync(Timeout);
        await editor.CreateChartAsync(song.SongId, new ChartFields(ChartType.Std, Difficulty.Expert, new Level(120), new Level(124), null, null, NoteCounts.Unknown, "d", false), AuditActor.Admin(1), default).WaitAsync(Timeout);
        using var browser = await admin.AdminAsync();

        var json = await browser.GetAsync("/admin/songs/export?format=json");
        var csv = await browser.GetAsync("/admin/songs/export?format=csv");

        Assert.Equal(HttpStatusCode.OK, json.Status);
        var exported = JsonNode.Parse(json.Body)!.AsArray().Single(s => (string?)s!["fields"]!["key"] == key)!;
        Assert.Equal("Expert", (string?)exported["charts"]![0]!["fields"]!["difficulty"]);
        Assert.Equal(124, (int?)exported["charts"]![0]!["fields"]!["internalLevel"]!["tenths"]);
        Assert.Equal("エクスポート", (string?)exported["fields"]!["reading"]);
        Assert.StartsWith("SongId,Key,Title,Reading,Artist,Genre,VersionCode", csv.Body, StringComparison.Ordinal);
        Assert.Contains($"{song.SongId},{key},\"Export, \"\"quoted\"\"\",エクスポート,A,maimai,26000,", csv.Body, StringComparison.Ordinal);
        Assert.Contains(",Std,Expert,120,124,", csv.Body, StringComparison.Ordinal);
    }

    private static async Task<SongImportJob> ImportAsync(SiteBrowser browser, params (string Field, string FileName, string Json)[] files)
    {
        var form = AdminForm.Read(await browser.GetAsync("/admin/songs/import"), "Start");
        using var content = new MultipartFormDataContent { { new StringContent(form["__RequestVerificationToken"]), "__RequestVerificationToken" } };
        foreach (var (field, fileName, json) in files)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Add(file, field, fileName);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = content };
        request.Headers.TryAddWithoutValidation("Origin", browser.Origin);
        return await FollowAsync(browser, await browser.SendAsync(request));
    }

    // Polls the job's status, as the page's script does, until it ends.
    private static async Task<SongImportJob> FollowAsync(SiteBrowser browser, SiteBrowser.Page started)
    {
        Assert.True(started.Status == HttpStatusCode.Redirect, $"the import did not start: {started.Status} {started.Body}");
        var id = started.Location!.Split("job=")[1];
        var progress = await browser.GetAsync(started.Location);
        Assert.Contains("<progress", progress.Body, StringComparison.Ordinal);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            var status = await browser.GetAsync($"/admin/songs/import?handler=Status&job={id}");
            Assert.Equal(HttpStatusCode.OK, status.Status);
            var job = JsonSerializer.Deserialize<SongImportJob>(status.Body, Json)!;
            if (job.State != SongImportState.Running)
            {
                return job;
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}
